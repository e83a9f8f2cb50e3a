/**
 * English: the catalogue every other locale translates, key for key (a test fails when one misses
 * a key or a placeholder). `{name}` is a parameter; `{common.notCharged}` is another message.
 * Keys by where they are read:
 * - shell.*: every page's header, footer and notice; page.*: the Checkout page's HTML;
 * - script.*: the Checkout page's script: those the page itself needs as data-* attributes of
 *   #message in the reader's language, the others built into the chunks that say them, in every
 *   language (src/i18n's CHUNK_MESSAGES; chunks also carry some page.* and receipt.* words);
 * - receipt.*: GET /thank-you; problem.*: error pages' headings;
 * - error.*, decline.*: what POST /charge (and other routes) answer customers;
 * - api.*, console.*: what only developers (a malformed request) and the merchant's console read,
 *   in English only: other locales leave them out (`Translation`).
 */
export const en = {
  'common.notCharged': 'You have not been charged.',
  'common.retrySafe': 'Trying again is safe: this checkout can never be charged twice.',
  'common.back': 'Back to checkout',

  'shell.checkout': 'Checkout',
  'shell.contact': 'Contact',
  'shell.terms': 'Terms',
  'shell.privacy': 'Privacy',
  'shell.simulated': 'Simulated payments: card 4242 4242 4242 4242, any future date, any CVC.',
  'shell.test': 'Test payments: card 4242 4242 4242 4242, any future date, any CVC.',
  'shell.simulatedReceipt': 'Simulated payment: no money moved.',
  'shell.testReceipt': 'Test payment: no money moved.',

  'page.email': 'Email for your receipt',
  // The label where no receipt is emailed (test mode, or a shop that sends none: promisesEmail).
  'page.emailPlain': 'Email address',
  'page.emailError': 'Please enter a valid email address.',
  'page.pay': 'Pay',

  'script.pay': 'Pay {amount}',
  'script.paying': 'Paying {amount}…',
  'script.payingNoAmount': 'Paying…',
  'script.tryAgain': 'Try again',
  'script.noAnswer':
    'We could not get an answer from the shop, so your payment is not confirmed. ' +
    '{common.retrySafe}',
  // Something the page needs did not arrive (a part of its script, the price): nothing was paid.
  'script.loadFailed':
    'Part of this page could not load. Please check your connection and reload the page.',
  // Stripe's hosted Checkout (CHECKOUT_UI=hosted): the page's button, and where the customer pays.
  'page.checkout': 'Checkout',
  'page.onStripe': 'You pay on Stripe’s secure page, where you can also enter a promotion code.',
  'page.shipTo': 'Country we send your order to',
  'hosted.countryRequired': 'Please choose the country we should send your order to.',

  'receipt.thanks': 'Thanks for your payment!',
  'receipt.received': 'Your payment was received.',
  'receipt.emailFollows': 'A receipt is on its way to your inbox.',
  'receipt.receivedStatus': 'This payment was received.',
  'receipt.item': 'Item',
  'receipt.total': 'Total paid',
  'receipt.discount': 'Discount',
  'receipt.discountCode': 'Discount ({code})',
  'receipt.newOrder': 'Start a new order',
  'receipt.refunded': 'Refunded',
  'receipt.card': 'Card',
  'receipt.cardEnding': '{brand} ending in {last4}',
  'receipt.date': 'Date',
  'receipt.sentTo': 'Receipt sent to',
  'receipt.email': 'Email',
  'receipt.order': 'Order number',
  'receipt.statement': 'On your card statement',
  'receipt.help': 'Questions about this order? Write to {email} and give your order number.',
  'receipt.back': 'Back to {shop}',
  'receipt.checkingTitle': 'Checking your payment',
  'receipt.checkingHeading': 'We are checking your payment',
  'receipt.unreachable': 'We could not reach our payment provider to confirm this payment.',
  'receipt.confirming': 'We are confirming this payment with our payment provider.',
  'receipt.doNotPayAgain': 'Please do not pay again.',
  'receipt.checkAgain': 'Check again',
  'receipt.stoppedChecking': 'It is taking longer than usual: check again in a few minutes.',
  'receipt.statusOnly':
    'For privacy, this link shows the payment’s status only. The full receipt, with the items, ' +
    'the card and the email address, is on the page the customer’s browser opened right after ' +
    'paying.',
  'receipt.statusOnlyEmail':
    'For privacy, this link shows the payment’s status only. The full receipt, with the items, ' +
    'the card and the email address, is in the email sent when the payment was made, and on the ' +
    'page the customer’s browser opened right after paying.',
  'receipt.refundedTitle': 'Payment refunded',
  'receipt.refundedHeading': 'This payment was refunded',
  'receipt.refundedLead': 'The full amount was returned to the payment method you used.',
  'receipt.partlyRefundedTitle': 'Payment partly refunded',
  'receipt.partlyRefundedHeading': 'Part of this payment was refunded',
  'receipt.partlyRefundedLead':
    'Your payment was received, and part of it was returned to the payment method you used.',
  'receipt.partlyRefundedStatus': 'This payment was received, and part of it was refunded.',
  'receipt.pendingTitle': 'Payment processing',
  'receipt.pendingHeading': 'Your payment is processing',
  'receipt.pendingLead':
    'We are waiting for your bank to confirm the payment. Your receipt appears on this page once ' +
    'it does.',
  'receipt.awaitingTitle': 'Waiting for your payment',
  'receipt.awaitingHeading': 'We are waiting for your payment',
  'receipt.awaitingLead':
    'Pay with the instructions you were given at checkout. Your receipt appears on this ' +
    'page once your payment arrives.',
  'receipt.freeTitle': 'Order received',
  'receipt.freeHeading': 'Nothing was due for this order',
  'receipt.freeLead':
    'Your code took off the whole price, so nothing was charged. The shop checks free orders ' +
    'by hand and will confirm yours by email.',
  'receipt.incompleteTitle': 'Payment not completed',
  'receipt.actionHeading': 'Your payment is not complete',
  'receipt.actionLead':
    'Your bank asked you to confirm this payment, and it has not been confirmed. ' +
    '{common.notCharged}',
  'receipt.canceledTitle': 'Payment canceled',
  'receipt.canceledHeading': 'This payment was canceled',
  'receipt.failedHeading': 'Your payment was not completed',
  'receipt.notFoundTitle': 'Payment not found',
  'receipt.notFoundHeading': 'We could not find this payment',
  'receipt.notFoundLead':
    'No payment was recorded for this link, so there is nothing to thank you for yet. ' +
    'If you think you were charged, write to {email}.',

  'problem.400': 'Please check your details',
  'problem.401': 'Please sign in',
  'problem.402': 'Your payment did not go through',
  'problem.403': 'This request was refused',
  'problem.404': 'Page not found',
  'problem.409': 'This checkout needs a fresh start',
  'problem.413': 'This request is too large',
  'problem.415': 'This request could not be read',
  'problem.429': 'Please wait a moment',
  'problem.500': 'Something went wrong',
  'problem.other': 'Payment unavailable',
  // Headings of problem codes that their status would misname (src/pages/problem.ts).
  'problem.inProgress': 'Your first payment is still being processed: please do not pay again',
  'problem.unconfirmed': 'We could not confirm your payment',
  'problem.tooManyDeclines': 'Too many declined payment attempts',

  'error.notFound': 'There is nothing at this address.',
  'error.unavailable':
    'We could not reach our payment provider. {common.notCharged} Please try again in a moment.',
  'error.unknown':
    'We could not confirm your payment: our payment provider did not give a clear answer. ' +
    '{common.retrySafe} If the payment went through, trying again shows your receipt.',
  'error.inProgress':
    'A payment for this checkout is already in progress. Please wait a moment before trying ' +
    'again. {common.retrySafe}',
  'error.changed': 'Your order changed after this payment began. Check it and pay again.',
  'error.priceChanged': 'The total changed to {total}. {common.notCharged} Check it and pay again.',
  'error.canceled':
    'This checkout was canceled. {common.notCharged} Please reload the page to start again.',
  'error.failed': 'Your payment did not go through. {common.notCharged}',
  'error.notConfigured':
    'This shop cannot take your payment right now. {common.notCharged} Please contact the shop.',
  'error.paymentMethod':
    'We could not use those card details. {common.notCharged} Please re-enter your card and ' +
    'try again.',
  'error.internal': 'Something went wrong on our side. {common.retrySafe}',
  'error.internalPlain': 'Something went wrong on our side. Please try again in a moment.',
  // The checkout is closed for good (waiting does not help): the page's next Pay starts a new one.
  'error.tooManyDeclines':
    'This checkout had too many declined payment attempts, so it cannot take any more. ' +
    '{common.notCharged} To pay, use another card: paying again starts a new checkout. Your bank ' +
    'can tell you why your card was declined.',
  'error.authenticationRequired':
    'Your bank needs to confirm this payment, which needs JavaScript. {common.notCharged}',
  'error.networkRate':
    'Too many payment attempts from your network. Please wait a minute and try again. ' +
    '{common.retrySafe}',
  'error.checkoutRate':
    'Too many payment attempts for this checkout. Please wait a minute and try again. ' +
    '{outcome}',
  'error.tooLarge': 'This request is too large. {common.notCharged}',
  'error.crossOrigin': 'This form can only be submitted from this site. {common.notCharged}',
  'error.networkDeclinesHour':
    'Too many declined payments came from your network in the last hour, so this shop cannot take ' +
    'another payment from it for now. {outcome} Please try again later, or contact your bank.',
  'error.networkDeclinesDay':
    'Too many declined payments came from your network in the last 24 hours, so this shop ' +
    'cannot take another payment from it for now. {outcome} Please try again later, or contact ' +
    'your bank.',
  'error.checkRequired': 'Please complete the security check above the Pay button. {outcome}',
  'error.checkFailed': 'The security check did not pass. Please complete it again. {outcome}',
  'error.checkUnavailable':
    'The security check is unavailable right now. Please try again in a moment. {outcome}',
  'console.signInUnavailable':
    'Sign-ins cannot be checked right now. Please try again in a minute.',
  'console.signInInvalid':
    'Your Cloudflare Access sign-in is not valid for this console. Sign in again.',
  'console.signInRequired': 'Sign in with Cloudflare Access to use this console.',
  'console.crossOrigin':
    'This action can only be taken from the console itself. Nothing was changed.',

  'decline.generic_decline':
    'Your card was declined. {common.notCharged} Try another card, or contact your bank.',
  'decline.insufficient_funds':
    'Your card has insufficient funds. {common.notCharged} Try another card.',
  'decline.expired_card':
    'Your card has expired. {common.notCharged} Check the expiration date, or use another card.',
  'decline.incorrect_cvc':
    "Your card's security code is incorrect. {common.notCharged} Check the 3 or 4 digit code and try again.",
  'decline.invalid_cvc':
    "Your card's security code is invalid. {common.notCharged} Check the 3 or 4 digit code and try again.",
  'decline.processing_error':
    'An error occurred while processing your card. {common.notCharged} Please try again in a ' +
    'moment.',
  'decline.incorrect_number':
    'Your card number is incorrect. {common.notCharged} Check the number and try again.',
  'decline.invalid_number':
    'Your card number is invalid. {common.notCharged} Check the number and try again.',
  'decline.invalid_expiry_month': "Your card's expiration month is invalid. {common.notCharged}",
  'decline.invalid_expiry_year': "Your card's expiration year is invalid. {common.notCharged}",
  'decline.payment_intent_authentication_failure':
    'Your bank could not confirm it was you. {common.notCharged} Try again, or use another card.',
  'decline.other': 'Your payment was not accepted. {common.notCharged} Try another card.',

  'api.json': 'The request body must be a JSON object of checkout fields.',
  'api.form': 'The form could not be read.',
  'api.type': 'Send the checkout as application/json or as a form.',
  'api.body': 'The request body must be an object of checkout fields.',
  'api.source': 'Send exactly one of confirmation_token, payment_method or stripeToken.',
  'api.checkout_id': 'checkout_id must be a UUID made by the page for this checkout.',
  'api.expected_total':
    'expected_total must be whole minor units (500 for $5.00), with a currency.',
  'api.expected_currency': 'expected_currency must be an ISO 4217 code, with expected_total.',
  'api.confirmation_token':
    'confirmation_token must be a Stripe ConfirmationToken id (ctoken_...).',
  'api.payment_method': 'payment_method must be a Stripe PaymentMethod id (pm_...).',
  'api.stripeToken': 'stripeToken must be a Stripe card token (tok_...).',
  'api.turnstile_token': 'turnstile_token must be the token of the security check.',
  'api.cf-turnstile-response': 'cf-turnstile-response must be the token of the security check.',

  'page.code': 'Promotion code',
  'page.addCode': 'Add promotion code',
  'page.total': 'Total',
  'page.shipping': 'Shipping',
  'page.shippingMethod': 'Shipping method',
  // After a colon, not in parentheses: a rate's own name may have some ("Standard (5–8 days)").
  'script.shipping': 'Shipping: {rate}',
  'script.addressFirst': 'Calculated from your address',
  'script.free': 'Free',
  'page.quantityOf': 'Quantity of {name}',
  'page.noScript': 'Paying here needs JavaScript. {common.notCharged}',
  'page.productGone': 'This product is no longer available. Choose from our other products below.',
  'script.discount': 'Discount ({code})',
  'script.apply': 'Apply',
  'script.remove': 'Remove',
  // The bank's step left unfinished (Stripe says the payment still waits on it, or the customer
  // came back without its return: Back, a reload): open, not refused. Try again goes back to it.
  'script.bankOpen':
    'Your bank’s check of this payment is not finished: you have not been charged unless you ' +
    'completed it. Press Try again to go back to it. {common.retrySafe}',
  'script.paidElsewhere':
    'This checkout was already paid in another tab, for another order. {common.notCharged} ' +
    'Press Pay to pay for this one.',
  'script.bankNotDone':
    'Your bank did not confirm this payment. {common.notCharged} Try again, or use another card.',
  'cart.empty': 'Your cart is empty: choose at least one product.',
  'cart.tooManyLines': 'A cart can hold at most {max} different products.',
  'cart.product': 'This shop has no such product.',
  'cart.quantity': 'The quantity must be a whole number from 1 to {max}.',
  'cart.duplicate': 'A product may appear only once in a cart: change its quantity instead.',
  'cart.currencies': 'Products priced in different currencies cannot be paid for together.',
  'cart.tooLarge':
    'This order is larger than one payment can be. Please split it into smaller orders.',
  'promo.unknown': 'We do not recognise this promotion code. Please check it and try again.',
  'promo.inactive': 'This promotion code is no longer active.',
  'promo.expired': 'This promotion code has expired.',
  'promo.usedUp': 'This promotion code has been used as many times as it can be.',
  'promo.restricted': 'This promotion code is reserved for particular customers.',
  'promo.products': 'This promotion code does not apply to the products in this cart.',
  'promo.currency': 'This promotion code cannot be used for payments in {currency}.',
  'promo.minimum': 'This promotion code needs an order of at least {amount}.',
  'promo.totalTooSmall':
    'With this promotion code the total would be less than {amount}, the smallest payment we ' +
    'can take.',
  'promo.off': '{off} off',
  'promo.withoutCode':
    '{reason} Without it, your total is {total}. {common.notCharged} Please check the new ' +
    'total and pay again.',
  'promo.unchecked':
    'We could not check your promotion code just now. Please try again in a moment. ' +
    '{common.notCharged}',
  'error.quoteCrossOrigin': 'Prices can only be asked for from this site.',
  'error.quoteRate':
    'Too many price updates from your network. Please wait a minute and try again.',
  'error.cartTooLarge': 'This cart is too large.',
  'api.items': 'items must be a list of { "product", "quantity" } objects.',
  'api.itemsAndProduct': 'Send items, or product and quantity, not both.',
  'api.promotionCode': 'promotion_code must be text (a code).',

  'receipt.shipping': 'Shipping: {rate}',
  'receipt.tax': 'Tax',
  'receipt.taxIncluded': 'Includes tax',
  'receipt.shipsTo': 'Ships to',
  'shipping.required': 'Please enter the address we should send your order to.',
  'shipping.notShippable': 'Nothing in this cart is sent by post: leave the shipping address out.',
  'shipping.name': 'Please enter the name of the person receiving the parcel.',
  'shipping.line1': 'Please enter the first line of the address (street and number).',
  'shipping.line2': 'The second address line must be text.',
  'shipping.city': 'Please enter the city or town.',
  'shipping.state': 'Please enter the state or province.',
  'shipping.postalCode': 'Please enter the postal code.',
  'shipping.country': 'We only ship to {countries}.',
  'shipping.rate': 'This shipping option does not exist for this address. Please choose another.',
  'shipping.currency':
    'Shipping is only available for carts priced in the shop’s shipping ' + 'currency.',
  'tax.address':
    'We could not find this address to work out its tax. Please check the ' +
    'postal code, state and country.',
  'tax.unavailable':
    'We could not work out the tax on your order just now. Please try ' +
    'again in a moment. {common.notCharged}',
  'api.shipping':
    'shipping must be { "name", "address": { "line1", "line2", "city", ' +
    '"state", "postal_code", "country" }, "rate" }.',
} as const;
