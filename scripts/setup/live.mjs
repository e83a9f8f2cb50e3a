// @ts-check
// Before a live deploy: what only the merchant can fix, checked against the account the live key
// belongs to. Stops on what would make live payments wrong (the example identity, Stripe Tax not
// set up while TAX_CALCULATION=stripe); warns on what may be meant (another statement descriptor,
// test orders left in the ledger).
import { SetupError } from './errors.mjs';

/**
 * @typedef {object} ShopIdentity what setup reads of src/shop/identity.ts
 * @property {string} url
 * @property {string} supportEmail
 * @property {string} termsUrl
 * @property {string} privacyUrl
 * @property {string} statementDescriptor
 */

/** The example's domains (RFC 2606): nobody's shop, so customers' mail and clicks go nowhere. */
const EXAMPLE = /(^|[.@])example\.(com|net|org)$/i;

/**
 * The host of an address or a URL, or undefined for a path of this site ("/").
 * @param {string} value
 */
function hostOf(value) {
  if (value.includes('@') && !value.includes('/')) return value.split('@').pop();
  return URL.canParse(value) ? new URL(value).hostname : undefined;
}

/**
 * The identity's fields that still hold the example's values.
 * @param {ShopIdentity} identity
 * @returns {string[]}
 */
export function exampleFields(identity) {
  /** @type {(keyof ShopIdentity)[]} */
  const fields = ['url', 'supportEmail', 'termsUrl', 'privacyUrl'];
  return fields.filter((field) => EXAMPLE.test(hostOf(identity[field]) ?? ''));
}

/**
 * A warning when the receipt's descriptor is not the account's (null when they agree, or the
 * account does not say).
 * @param {string} shop SHOP.statementDescriptor
 * @param {string | null | undefined} account settings.payments.statement_descriptor
 */
export function descriptorWarning(shop, account) {
  if (!account || shop.trim().toUpperCase() === account.trim().toUpperCase()) return null;
  return (
    `! src/shop/identity.ts's statementDescriptor is "${shop}" but the account's card ` +
    `statements show "${account}" (Dashboard → Settings → Public details): the receipt tells ` +
    'customers what to look for, so make them the same.'
  );
}

/**
 * A warning for orders already in the remote ledger when a Worker switches to live keys.
 * @param {number | undefined} orders
 */
export function ledgerWarning(orders) {
  if (!orders) return null;
  return (
    `! The remote ledger already holds ${orders} order${orders === 1 ? '' : 's'}, from before ` +
    'live keys (test payments): the console and `npm run orders -- --remote` will list them ' +
    'with the live ones. To start live with an empty ledger, see docs/going-live.md ' +
    '("An empty ledger for live payments").'
  );
}

/**
 * Stops a live setup whose identity is still the example's, or whose Stripe Tax is not set up
 * while TAX_CALCULATION=stripe.
 * @param {{ identity?: ShopIdentity, taxCalculation?: string,
 *   taxStatus: () => Promise<string> }} live
 */
export async function checkLive({ identity, taxCalculation, taxStatus }) {
  const problems = [];
  const example = identity ? exampleFields(identity) : [];
  if (example.length > 0)
    problems.push(
      `src/shop/identity.ts still has the example's ${example.join(', ')} (example.com): ` +
        'customers would write to and read pages of nobody. Put your own there, then run setup again.',
    );
  if (taxCalculation === 'stripe') {
    const status = await taxStatus();
    if (status !== 'active')
      problems.push(
        `TAX_CALCULATION is "stripe" in wrangler.toml but Stripe Tax is not set up on this ` +
          `account (its status is "${status}"), so every cart sent to an address would be ` +
          'refused. In the Dashboard (Settings → Tax) add your head office and your tax ' +
          'registrations (docs/shipping-and-tax.md), or set TAX_CALCULATION = "none".',
      );
  }
  if (problems.length > 0)
    throw new SetupError(`Not ready for live payments:\n- ${problems.join('\n- ')}`);
}
