import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { Order } from '../ledger';
import { CONFIRM_WINDOW_SECONDS, factsFromRead } from './read';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const iso = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

/** A pending order on its second attempt, begun `started` s ago, last changed `changed` s ago. */
const pending = (started: number, changed: number) =>
  ({
    id: 'ord_1',
    status: 'pending',
    attempt: 2,
    payment_intent_id: 'pi_1',
    attempt_started_at: iso(started),
    updated_at: iso(changed),
  }) as Order;

/** A PaymentIntent reading a decline of the charge made `secondsAgo`. */
const declined = (secondsAgo: number) =>
  ({
    id: 'pi_1',
    status: 'requires_payment_method',
    amount: 500,
    client_secret: null,
    last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' },
    latest_charge: {
      id: 'ch_1',
      created: (NOW - secondsAgo * 1000) / 1000,
      status: 'failed',
      amount_refunded: 0,
    },
  }) as unknown as Stripe.PaymentIntent;

describe('factsFromRead', () => {
  it('records nothing while a new attempt may be confirming', () => {
    expect(factsFromRead(pending(10, 10), declined(300), undefined, NOW)).toBeNull();
    const quiet = pending(10, CONFIRM_WINDOW_SECONDS + 1);
    expect(factsFromRead(quiet, declined(300), undefined, NOW)).not.toBeNull();
  });

  it('does not count again a decline older than the attempt', () => {
    const facts = factsFromRead(pending(120, 120), declined(300), undefined, NOW);
    expect(facts).toMatchObject({ status: 'failed', declined: false });
  });

  it('counts a decline of the attempt itself', () => {
    const facts = factsFromRead(pending(120, 120), declined(60), undefined, NOW);
    expect(facts).toMatchObject({ status: 'failed', declined: true });
  });

  it("counts an event's failure of another charge than the one Stripe reads now", () => {
    const failure = { at: (NOW - 300_000) / 1000, charge: 'ch_0' };
    const facts = factsFromRead(pending(120, 120), declined(300), failure, NOW);
    expect(facts).toMatchObject({ declined: true });
  });

  it('passes a payment that went through as it is', () => {
    const paid = { ...declined(10), status: 'succeeded', last_payment_error: null };
    expect(
      factsFromRead(pending(10, 10), paid as Stripe.PaymentIntent, undefined, NOW),
    ).toMatchObject({ status: 'paid', declined: false });
  });
});
