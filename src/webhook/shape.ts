/**
 * What a Stripe event must look like before POST /webhook reads it. The signature proves who sent
 * a body, not that it is an event: a signed `null`, `[1]` or an event without `data` once crashed
 * the handler (a 500, which Stripe retries for days). Every event needs an id, a type and an object;
 * the events the webhook handles also need, with Stripe's types, the fields it reads (an id of the
 * wrong type would reach D1, an amount_refunded string would be stored). Other fields are free.
 */
import * as v from 'valibot';
import { WEBHOOK_EVENTS } from './events.js';

const id = v.pipe(v.string(), v.minLength(1));
const amount = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.nullish(v.string());
const metadata = v.nullish(v.record(v.string(), v.string()));

const PaymentIntent = v.looseObject({
  id,
  object: v.literal('payment_intent'),
  amount,
  currency: v.string(),
  status: v.string(),
  metadata,
  client_secret: text,
  latest_charge: v.nullish(v.union([v.string(), v.looseObject({ id })])),
  last_payment_error: v.nullish(v.looseObject({ code: text, decline_code: text })),
});

const Charge = v.looseObject({
  id,
  object: v.literal('charge'),
  amount,
  amount_refunded: amount,
  currency: v.string(),
  metadata,
  payment_intent: v.nullish(v.union([v.string(), v.looseObject({ id })])),
  payment_method_details: v.nullish(
    v.looseObject({ card: v.nullish(v.looseObject({ brand: text, last4: text })) }),
  ),
});

const Refund = v.looseObject({
  id,
  object: v.literal('refund'),
  amount,
  currency: v.string(),
  status: text,
  reason: text,
  metadata,
  payment_intent: v.nullish(v.union([v.string(), v.looseObject({ id })])),
});

const CheckoutSession = v.looseObject({
  id,
  object: v.literal('checkout.session'),
  currency: text,
  client_reference_id: text,
  status: text,
  metadata,
});

const Dispute = v.looseObject({
  id,
  object: v.literal('dispute'),
  amount,
  currency: v.string(),
  status: v.string(),
  reason: v.string(),
  payment_intent: v.nullish(v.union([v.string(), v.looseObject({ id })])),
  evidence_details: v.nullish(v.looseObject({ due_by: v.nullish(v.number()) })),
});

const Event = v.looseObject({
  id,
  type: v.pipe(v.string(), v.minLength(1)),
  data: v.looseObject({ object: v.looseObject({}) }),
});

/** The schema of a handled event type's object, by the type's prefix. */
const OBJECTS: Record<string, v.GenericSchema> = {
  payment_intent: PaymentIntent,
  charge: Charge,
  refund: Refund,
  checkout: CheckoutSession,
  dispute: Dispute,
};

/** Where a signed body falls short of a Stripe event (a dot path, `body` for the whole), or null. */
export function eventProblem(body: unknown): string | null {
  const event = v.safeParse(Event, body);
  if (!event.success) return v.getDotPath(event.issues[0]) ?? 'body';
  const { type, data } = event.output;
  if (!(WEBHOOK_EVENTS as readonly string[]).includes(type)) return null;
  // charge.dispute.* carry a dispute, not a charge.
  const prefix = type.startsWith('charge.dispute.') ? 'dispute' : type.split('.')[0]!;
  const object = v.safeParse(OBJECTS[prefix]!, data.object);
  return object.success ? null : `data.object.${v.getDotPath(object.issues[0]) ?? ''}`;
}
