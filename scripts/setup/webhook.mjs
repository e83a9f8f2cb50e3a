// @ts-check
// Step 3: the Stripe webhook endpoint at <worker>/webhook, subscribed to exactly the event types
// the checkout handles, in the API version its stripe-node reads. One endpoint per URL: an existing
// one is updated, not doubled. Its signing secret is shown only when it is created, so an endpoint
// whose secret the Worker was not given by this machine (and that SETUP_WEBHOOK_SECRET or
// --webhook-secret does not give)
// is replaced by a new one.

/**
 * Every webhook endpoint of the account at this URL.
 * @param {import('stripe').Stripe} stripe
 * @param {string} url
 */
export async function findEndpoints(stripe, url) {
  const found = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 }))
    if (endpoint.url === url) found.push(endpoint);
  return found;
}

/** @param {readonly string[]} a @param {readonly string[]} b */
const sameEvents = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * @typedef {object} WebhookPlan
 * @property {import('stripe').Stripe.WebhookEndpoint | undefined} keep the endpoint that stays
 * @property {boolean} create a new endpoint is made (none fits)
 * @property {{ enabled_events?: string[], disabled?: false } | undefined} update for `keep`
 * @property {import('stripe').Stripe.WebhookEndpoint[]} remove deleted once the Worker has the new secret
 * @property {string | undefined} reason why an existing endpoint is replaced
 */

/**
 * Decides what to do, from what exists.
 * @param {object} input
 * @param {import('stripe').Stripe.WebhookEndpoint[]} input.existing endpoints at the URL
 * @param {readonly string[]} input.events the types the checkout handles
 * @param {string} input.apiVersion the version the checkout's stripe-node reads
 * @param {string | undefined} input.workerHas the endpoint whose secret the Worker was given
 * @param {boolean} input.secretSupplied SETUP_WEBHOOK_SECRET (--webhook-secret) gives its secret
 * @returns {WebhookPlan}
 */
export function planWebhook({ existing, events, apiVersion, workerHas, secretSupplied }) {
  const ranked = [...existing].sort(
    (a, b) =>
      Number(b.id === workerHas) - Number(a.id === workerHas) ||
      Number(b.status === 'enabled') - Number(a.status === 'enabled') ||
      a.created - b.created,
  );
  const [first, ...extra] = ranked;
  if (!first)
    return { keep: undefined, create: true, update: undefined, remove: [], reason: undefined };
  let reason;
  if (first.api_version !== apiVersion)
    reason =
      `it sends events in API version ${first.api_version ?? "of the account's default"}, the ` +
      `checkout reads ${apiVersion}, and an endpoint's version cannot be changed`;
  else if (first.id !== workerHas && !secretSupplied)
    reason =
      'its signing secret is shown only when it is created, and this machine did not give it to ' +
      'the Worker (if you have it, set SETUP_WEBHOOK_SECRET to it, or pass --webhook-secret)';
  if (reason) return { keep: undefined, create: true, update: undefined, remove: ranked, reason };
  const update = {
    ...(!sameEvents(first.enabled_events, events) && { enabled_events: [...events] }),
    ...(first.status !== 'enabled' && { disabled: /** @type {const} */ (false) }),
  };
  return {
    keep: first,
    create: false,
    update: Object.keys(update).length > 0 ? update : undefined,
    remove: extra,
    reason: undefined,
  };
}
