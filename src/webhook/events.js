// @ts-check
/**
 * A payment's disputes (chargebacks): recorded with its order (src/webhook/dispute.ts), which can
 * then no longer be refunded.
 */
export const DISPUTE_EVENTS = /** @satisfies {readonly import('stripe').Stripe.Event.Type[]} */ (
  /** @type {const} */ ([
    'charge.dispute.created',
    'charge.dispute.updated',
    'charge.dispute.closed',
  ])
);

/**
 * The Stripe event types POST /webhook handles: the list a webhook endpoint must subscribe to
 * (its `enabled_events`), and the only types it applies (any other is answered 200 and ignored).
 * Plain JavaScript with a checked type, so that Node scripts (endpoint setup) import it as is.
 */
export const WEBHOOK_EVENTS = /** @satisfies {readonly import('stripe').Stripe.Event.Type[]} */ (
  /** @type {const} */ ([
    'payment_intent.succeeded',
    'payment_intent.processing',
    'payment_intent.requires_action',
    'payment_intent.payment_failed',
    'payment_intent.canceled',
    // The card (brand, last4) for the receipt: Stripe sends it before or after the success.
    'charge.succeeded',
    'charge.refunded',
    // Each refund, with its status: those made in the Stripe Dashboard are recorded with the
    // order, and a console refund whose answer was lost is settled (src/ledger/refunds.ts).
    'refund.created',
    'refund.updated',
    'refund.failed',
    // Stripe's hosted Checkout (CHECKOUT_UI=hosted): a Session paid, settled later, or expired.
    'checkout.session.completed',
    'checkout.session.async_payment_succeeded',
    'checkout.session.async_payment_failed',
    'checkout.session.expired',
    ...DISPUTE_EVENTS,
  ])
);
