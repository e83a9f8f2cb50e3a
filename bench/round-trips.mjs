// Stripe round trips: how many requests the simulator receives from the Worker per successful
// POST /charge, per 3-D Secure payment and per thank-you view. The simulator lists every /v1
// request it received (GET /_sim/requests); only secret-key ones are the Worker's (Stripe.js in a
// browser uses the publishable key). A request belongs to a payment when its idempotency key is the
// checkout's (`<checkout_id>/<attempt>`, every write) or its path names the PaymentIntent (reads),
// so webhooks of other payments running at the same time are never counted against this one.
import { paymentIntentOf, postCharge, simulator } from './requests.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Worker's requests (secret key) among `entries` that belong to this checkout or PaymentIntent. */
function callsOf(entries, { checkoutId, paymentIntent }) {
  return entries.filter(
    (entry) =>
      entry.auth === 'secret' &&
      ((checkoutId && entry.idempotency_key?.startsWith(`${checkoutId}/`)) ||
        (paymentIntent && entry.path.startsWith(`/v1/payment_intents/${paymentIntent}`))),
  );
}

const describe = (calls) =>
  calls.map((call) => `${call.method} ${call.path.replace(/pi_[A-Za-z0-9]+/, 'pi_…')}`);

/**
 * Runs the three scenarios and counts. Leaves webhooks settled.
 * @param {{ checkout: string, sim: string }} stack
 */
export async function measureRoundTrips({ checkout, sim: simOrigin }) {
  const sim = simulator(simOrigin);
  const since = async (start) => (await sim.requests()).slice(start);
  const mark = async () => (await sim.requests()).length;
  // Webhooks can make the Worker call Stripe after a response (card details for the receipt):
  // wait for every delivery and for the Worker's waitUntil work before counting a whole payment.
  const settle = async () => {
    await sim.flushWebhooks();
    await sleep(500);
  };
  await settle();

  // 1. One successful POST /charge.
  let start = await mark();
  const paid = await postCharge(checkout);
  const paidIntent = paymentIntentOf(paid.body);
  if (paid.status !== 200 || paid.body?.status !== 'succeeded' || !paidIntent)
    throw new Error(
      `POST /charge: expected a success, got ${paid.status} ${JSON.stringify(paid.body)}`,
    );
  const chargeCalls = callsOf(await since(start), {
    checkoutId: paid.checkoutId,
    paymentIntent: paidIntent,
  });
  await settle();
  const chargeWithWebhooks = callsOf(await since(start), {
    checkoutId: paid.checkoutId,
    paymentIntent: paidIntent,
  });

  // 2. The thank-you page of that order: the ledger already knows it is paid.
  start = await mark();
  const paidView = await fetch(`${checkout}/thank-you?payment_intent=${paidIntent}`);
  const paidViewText = await paidView.text();
  if (paidView.status !== 200 || !paidViewText.includes('Thanks for your payment!'))
    throw new Error(`GET /thank-you (paid): ${paidView.status}`);
  const paidViewCalls = callsOf(await since(start), { paymentIntent: paidIntent });

  // 3. A 3-D Secure payment: POST /charge (requires_action), the customer authenticates on the
  //    bank's page, then comes back to /thank-you.
  const paymentStart = await mark();
  const secure = await postCharge(checkout, { paymentMethod: 'pm_card_authenticationRequired' });
  const secureIntent = /^(pi_[A-Za-z0-9]+)_secret_/.exec(secure.body?.client_secret ?? '')?.[1];
  if (secure.status !== 200 || secure.body?.status !== 'requires_action' || !secureIntent)
    throw new Error(
      `POST /charge (3-D Secure): expected requires_action, got ${secure.status} ${JSON.stringify(secure.body)}`,
    );
  const secureChargeCalls = callsOf(await since(paymentStart), {
    checkoutId: secure.checkoutId,
    paymentIntent: secureIntent,
  });
  await settle();

  // The view must happen before the payment_intent.succeeded webhook tells the ledger, which is
  // the case measured ("the ledger does not yet know the order is paid"). The simulator delivers
  // webhooks one at a time, in order: a few payments just before queue theirs ahead of it. Their
  // webhooks make no Stripe calls for this PaymentIntent, so they cannot be counted against it.
  const queued = await Promise.all(Array.from({ length: 12 }, () => postCharge(checkout)));
  if (queued.some((answer) => answer.status !== 200))
    throw new Error('POST /charge (webhook queue): not every payment succeeded');
  const deliveriesBefore = (await sim.webhooks()).length;
  const authenticated = await sim.completeThreeDSecure(secureIntent);
  if (authenticated.status !== 'succeeded')
    throw new Error(
      `3-D Secure: expected the PaymentIntent to succeed, got ${authenticated.status}`,
    );
  start = await mark();
  const viewStarted = Date.now();
  const secureView = await fetch(`${checkout}/thank-you?payment_intent=${secureIntent}`);
  const secureViewText = await secureView.text();
  const viewEnded = Date.now();
  if (secureView.status !== 200 || !secureViewText.includes('Thanks for your payment!'))
    throw new Error(`GET /thank-you (after 3-D Secure): ${secureView.status}`);
  const unknownViewCalls = callsOf(await since(start), { paymentIntent: secureIntent });
  await settle();
  const succeeded = (await sim.webhooks())
    .slice(deliveriesBefore)
    .find((delivery) => delivery.event_type === 'payment_intent.succeeded');
  const webhookAt = succeeded?.attempts[0] ? Date.parse(succeeded.attempts[0].at) : null;
  // Known only when the webhook's first delivery started after the page was served.
  const ledgerKnewPaid = webhookAt === null ? null : webhookAt < viewEnded;
  const secureCalls = callsOf(await since(paymentStart), {
    checkoutId: secure.checkoutId,
    paymentIntent: secureIntent,
  });

  return {
    charge: {
      calls: chargeCalls.length,
      requests: describe(chargeCalls),
      withWebhooks: chargeWithWebhooks.length,
    },
    threeDSecure: {
      calls: secureCalls.length,
      requests: describe(secureCalls),
      charge: secureChargeCalls.length,
    },
    thankYouPaid: { calls: paidViewCalls.length, requests: describe(paidViewCalls) },
    thankYouUnknown: {
      calls: unknownViewCalls.length,
      requests: describe(unknownViewCalls),
      ledgerKnewPaid,
      webhookDelayMs: webhookAt === null ? null : webhookAt - viewStarted,
    },
  };
}
