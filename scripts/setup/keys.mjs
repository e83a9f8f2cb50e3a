// @ts-check
// Step 1: the Stripe keys. Their shape and modes are checked with the Worker's own rules
// (src/config), then Stripe is asked whose secret key it is. Nothing is changed before this passes.
import Stripe from 'stripe';
import { SetupError } from './errors.mjs';

const FLAGS = {
  STRIPE_SECRET_KEY: '--secret-key',
  STRIPE_PUBLISHABLE_KEY: '--publishable-key',
};

/**
 * Adds where each variable a message names can be set.
 * @param {string} message
 */
const withFlags = (message) =>
  Object.entries(FLAGS).reduce(
    (text, [name, flag]) => text.replace(name, `${name} (${flag})`),
    message,
  );

/**
 * Checks that the two keys are keys of one mode, as the Worker will (src/config).
 * @param {{ secretKey?: string, publishableKey?: string }} keys
 * @param {import('./run.mjs').WorkerRules} rules
 * @returns {'test' | 'live'}
 */
export function checkKeyPair({ secretKey, publishableKey }, rules) {
  const config = rules.resolvePaymentConfig(
    { STRIPE_SECRET_KEY: secretKey, STRIPE_PUBLISHABLE_KEY: publishableKey },
    new URL('https://worker.invalid/'),
  );
  if (config.ok) return /** @type {'test' | 'live'} */ (config.mode);
  const hint = secretKey?.startsWith('pk_')
    ? ' It is a publishable key: the secret key (sk_ or rk_) goes there.'
    : '';
  throw new SetupError(`${withFlags(config.detail ?? 'Stripe keys are missing.')}.${hint}`);
}

/**
 * How Stripe names the account, for the output.
 * @param {Stripe.Account} account
 */
function accountName(account) {
  return (
    account.settings?.dashboard?.display_name ||
    account.business_profile?.name ||
    account.email ||
    account.id
  );
}

/**
 * @typedef {object} Account what setup reads of the key's account (null: a restricted key that
 *   may not read it)
 * @property {string | null} id
 * @property {string | null} name
 * @property {boolean | null} chargesEnabled
 * @property {string | null} statementDescriptor settings.payments.statement_descriptor
 */

/**
 * Asks Stripe whose secret key this is (GET /v1/account). A restricted key must be able to read
 * PaymentIntents (the checkout creates and reads them); it need not read the account.
 * @param {Stripe} stripe
 * @param {boolean} restricted an `rk_` key
 * @returns {Promise<Account>}
 */
export async function checkAccount(stripe, restricted) {
  /** @type {Account} */
  let account = { id: null, name: null, chargesEnabled: null, statementDescriptor: null };
  try {
    const found = await stripe.accounts.retrieveCurrent();
    account = {
      id: found.id,
      name: accountName(found),
      chargesEnabled: found.charges_enabled,
      statementDescriptor: found.settings?.payments?.statement_descriptor ?? null,
    };
  } catch (error) {
    if (!restricted || !(error instanceof Stripe.errors.StripePermissionError))
      throw refused(error);
  }
  if (restricted) {
    try {
      await stripe.paymentIntents.list({ limit: 1 });
    } catch (error) {
      throw refused(error, 'PaymentIntents (the checkout creates and reads them)');
    }
  }
  return account;
}

/**
 * A restricted key given to the Worker must read what the Worker reads (docs/going-live.md's
 * table): each permission is probed with a list of one object, which changes nothing at Stripe.
 * Write permissions (PaymentIntents, Refunds, Checkout Sessions, Tax Calculations) are not: only a
 * write proves one, and a write makes something (a request bound to fail, such as cancelling a
 * PaymentIntent that does not exist, would need Stripe to check the permission before the object,
 * which it does not document). For those, a key lacking even read is caught where it is listed:
 * Refunds and (with CHECKOUT_UI=hosted) Checkout Sessions here, PaymentIntents by checkAccount.
 * Tax Calculations have no list to probe: with TAX_CALCULATION=stripe, a key without them fails
 * at the first priced cart.
 * @param {Stripe} stripe
 * @param {{ hosted: boolean }} worker CHECKOUT_UI=hosted: the Worker makes Checkout Sessions
 */
export async function checkWorkerReads(stripe, { hosted }) {
  /** @type {[string, string, () => Promise<unknown>][]} */
  const probes = [
    ['Charges (read)', "a payment's charge", () => stripe.charges.list({ limit: 1 })],
    ['Refunds (write)', 'refunds from /admin', () => stripe.refunds.list({ limit: 1 })],
    ['Events (read)', "the cron's reconciliation", () => stripe.events.list({ limit: 1 })],
    [
      'Promotion Codes (read)',
      'promotion codes on the cart',
      () => stripe.promotionCodes.list({ limit: 1 }),
    ],
    ['Coupons (read)', 'promotion codes on the cart', () => stripe.coupons.list({ limit: 1 })],
  ];
  if (hosted)
    probes.push([
      'Checkout Sessions (write)',
      'CHECKOUT_UI=hosted',
      () => stripe.checkout.sessions.list({ limit: 1 }),
    ]);
  for (const [permission, use, probe] of probes)
    await withPermission(`${permission}, which the Worker needs for ${use}`, probe);
}

/**
 * Runs a Stripe request setup needs, a refusal of the key (not accepted, or a restricted key
 * without `permission`) becoming a SetupError that names what it lacks, not a stack trace.
 * @template T
 * @param {string} permission as the Dashboard names it, e.g. "Webhook Endpoints (read)"
 * @param {() => Promise<T>} request
 * @returns {Promise<T>}
 */
export async function withPermission(permission, request) {
  try {
    return await request();
  } catch (error) {
    throw refused(error, permission);
  }
}

/**
 * A Stripe failure while checking the key, as a message naming the variable.
 * @param {unknown} error
 * @param {string} [permission]
 */
function refused(error, permission) {
  if (error instanceof Stripe.errors.StripeAuthenticationError)
    return new SetupError(`STRIPE_SECRET_KEY was refused by Stripe: ${error.message}`);
  if (error instanceof Stripe.errors.StripePermissionError)
    return new SetupError(
      `STRIPE_SECRET_KEY is a restricted key without access to ${permission ?? 'the account'}: ` +
        error.message,
    );
  if (error instanceof Stripe.errors.StripeConnectionError)
    return new SetupError(`Stripe could not be reached: ${error.message}`);
  return error;
}
