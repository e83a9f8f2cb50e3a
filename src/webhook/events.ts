/**
 * The event types POST /webhook acts on: what `npm run setup` subscribes the Stripe webhook
 * endpoint to, and nothing more (Stripe sends an endpoint only the types it lists).
 */
import type Stripe from 'stripe';

export const HANDLED_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.requires_action',
  'payment_intent.processing',
  'charge.refunded',
] as const satisfies readonly Stripe.WebhookEndpointCreateParams.EnabledEvent[];
