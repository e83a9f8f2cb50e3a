/**
 * How applyEvent reads objects as Stripe has them now (its EventContext's readers), for the
 * webhook and the sweep alike: each read retried like every Stripe call, null when Stripe could
 * not say (then the event waits for a later delivery or run).
 */
import type Stripe from 'stripe';
import { retrieveSession } from '../hosted/facts';
import { retrieveCharge } from '../refunds/failed';
import type { StripeBudget, StripeCallOutcome } from '../stripe/call';
import { cancelCapped } from '../stripe/cancel-capped';
import { retrievePaymentIntent } from '../stripe/client';
import type { EventContext } from './apply';

/** A Stripe client and the budget of one read; null when Stripe is not configured. */
type StripeReader = () => Promise<{ stripe: Stripe; budget: StripeBudget } | null>;

/**
 * The PaymentIntent, Session and charge readers of an EventContext, through `client`, and its
 * cancel of a checkout at the decline cap.
 */
export function currentReaders(
  client: StripeReader,
): Pick<
  EventContext,
  'currentPaymentIntent' | 'paymentIntentRead' | 'currentSession' | 'currentCharge' | 'cancelCapped'
> {
  const outcome = async <T>(
    read: (stripe: Stripe, id: string, budget: StripeBudget) => Promise<StripeCallOutcome<T>>,
    id: string,
  ): Promise<StripeCallOutcome<T> | null> => {
    const reader = await client();
    return reader && read(reader.stripe, id, reader.budget);
  };
  const readNow = async <T>(
    read: (stripe: Stripe, id: string, budget: StripeBudget) => Promise<StripeCallOutcome<T>>,
    id: string,
  ): Promise<T | null> => {
    const found = await outcome(read, id);
    return found?.kind === 'ok' ? found.value : null;
  };
  return {
    currentPaymentIntent: (id) => readNow(retrievePaymentIntent, id),
    paymentIntentRead: (id) => outcome(retrievePaymentIntent, id),
    currentSession: (id) => readNow(retrieveSession, id),
    currentCharge: (id) => readNow(retrieveCharge, id),
    cancelCapped: async (order) => {
      const reader = await client();
      return reader ? cancelCapped(reader.stripe, order, reader.budget) : null;
    },
  };
}
