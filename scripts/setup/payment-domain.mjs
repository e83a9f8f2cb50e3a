// @ts-check
// Step 4: Apple Pay and Google Pay. Wallets appear in the Payment Element only on a domain
// registered with Stripe (POST /v1/payment_method_domains): the Worker's own.

/**
 * The payment method domain registered for this host name, if any.
 * @param {import('stripe').Stripe} stripe
 * @param {string} domainName
 */
export async function findDomain(stripe, domainName) {
  const { data } = await stripe.paymentMethodDomains.list({ domain_name: domainName, limit: 1 });
  return data[0];
}

/**
 * Each wallet's status on the domain, as one line (why a wallet is inactive, when Stripe says).
 * @param {import('stripe').Stripe.PaymentMethodDomain} domain
 */
export function walletStatus(domain) {
  /** @type {[string, { status: string, status_details?: { error_message: string } }][]} */
  const wallets = [
    ['Apple Pay', domain.apple_pay],
    ['Google Pay', domain.google_pay],
  ];
  return wallets
    .map(
      ([name, wallet]) =>
        `${name} ${wallet.status}${wallet.status_details ? ` (${wallet.status_details.error_message})` : ''}`,
    )
    .join(', ');
}
