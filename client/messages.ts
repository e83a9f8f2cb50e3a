// What the Checkout page says, in one place (to move into a message catalogue as is). Amounts
// arrive formatted for the reader; the server's own messages (refusals, declines) come with its
// answers and are shown as they are.
export const T = {
  quantityOf: (name: string) => `Quantity of ${name}`,
  discount: (code: string) => `Discount (${code})`,
  apply: 'Apply',
  remove: 'Remove',
  pay: (total: string) => `Pay ${total}`,
  paying: (total: string) => `Paying ${total}…`,
  tryAgain: 'Try again',
  banner: (mode: string) =>
    `${mode === 'simulated' ? 'Simulated' : 'Test'} payments only: no money moves. ` +
    'Use card 4242 4242 4242 4242, any future date, any CVC.',
  noAnswer:
    'We could not get an answer from the shop, so your payment is not confirmed. ' +
    'Trying again is safe: this checkout can never be charged twice.',
  bankNotDone:
    'Your bank did not confirm this payment. You have not been charged: try again, or use another card.',
  noLoad: 'The payment form could not load. Please check your connection and reload the page.',
} as const;
