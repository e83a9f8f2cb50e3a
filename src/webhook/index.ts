/**
 * POST /webhook: Stripe's signed events, the source of truth when a customer never comes back.
 * The raw body is verified (middleware/stripe-signature) before anything is parsed; each event is
 * then applied by `applyEvent` (apply.ts), which the reconciliation sweep shares, and the outcome
 * becomes Stripe's answer: 200 once applied, ignored or a repeat; 503 for an event that cannot be
 * applied yet, so that Stripe delivers it again; 400 for a signed body this code cannot read as an
 * event, which Stripe retries as it does any answer outside 2xx (for up to three days). Fulfilment
 * runs after the answer (waitUntil). An event of the other mode (`livemode` true to a Worker in test
 * or simulated mode, false to a live one) is answered 200 and changes nothing.
 */
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import { resolvePaymentConfig } from '../config';
import { log as writeLog } from '../log';
import { stripeSignature } from '../middleware/stripe-signature';
import { stripeBudget } from '../stripe/call';
import { stripeFor } from '../stripe/client';
import type { AppEnv } from '../types';
import { requestUrl } from '../middleware/request-url';
import { applyEvent } from './apply';
import { currentReaders } from './current';

export const webhook = new Hono<AppEnv>().post(
  '/',
  bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) => c.json({ error: { message: 'Payload too large.' } }, 413),
  }),
  stripeSignature(),
  async function webhookHandler(c) {
    const event = c.get('stripeEvent');
    const log = c.get('log');
    // Defence in depth, for a test endpoint's secret left in a live Worker's list (or the
    // reverse): its events are not this account's to apply. 200 so that Stripe stops; nothing
    // recorded, so the same id in this mode still applies. Unconfigured: no mode to compare.
    const config = resolvePaymentConfig(c.env, requestUrl(c));
    const livemode = (event as { livemode?: unknown } | null)?.livemode;
    if (config.ok && typeof livemode === 'boolean' && livemode !== (config.mode === 'live')) {
      const fields = { event_id: String(event.id), event_type: String(event.type), livemode };
      writeLog('warn', 'webhook.other_mode', { ...fields, mode: config.mode });
      Object.assign(log, { ...fields, outcome: 'ignored', reason: 'other_mode' });
      return c.json({ received: true });
    }
    const outcome = await applyEvent(
      {
        env: c.env,
        via: 'webhook',
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        // For this request's account; a fresh budget for each read.
        ...currentReaders(async () => {
          const config = resolvePaymentConfig(c.env, requestUrl(c));
          if (!config.ok) return null;
          return { stripe: await stripeFor(config), budget: stripeBudget(c.env, c.get('waits')) };
        }),
        async stripe() {
          const config = resolvePaymentConfig(c.env, requestUrl(c));
          if (!config.ok) throw new Error(`Stripe is not configured: ${config.detail}`);
          return stripeFor(config);
        },
      },
      event,
    );
    // Signed, but not an event this code can read: a 400 that changes nothing and records nothing.
    // Stripe retries every answer outside 2xx, this one too, for up to three days (and the sweep
    // reads it again while in its overlap): a fix deployed meanwhile applies it, where a 2xx would
    // lose it for good. The failing deliveries, and the webhook.malformed line, tell the merchant.
    if (outcome.kind === 'malformed') {
      Object.assign(log, { problem: 'webhook.malformed', at: outcome.at });
      return c.json({ error: { message: 'This is not a well-formed Stripe event.' } }, 400);
    }
    Object.assign(log, { event_id: event.id, event_type: event.type });
    switch (outcome.kind) {
      case 'later':
        Object.assign(log, { outcome: 'deferred', reason: outcome.reason });
        return c.json(
          { error: { message: 'This event cannot be applied yet; deliver it again later.' } },
          503,
        );
      case 'ignored':
        Object.assign(log, {
          outcome: 'ignored',
          reason: outcome.reason,
          order_id: outcome.orderId,
          repeat: outcome.repeat,
        });
        return c.json({ received: true });
      case 'duplicate':
        log.outcome = 'duplicate';
        return c.json({ received: true, duplicate: true });
      case 'applied':
        Object.assign(log, {
          outcome: 'applied',
          order_id: outcome.order.id,
          payment_intent: outcome.order.payment_intent_id,
          order_status: outcome.order.status,
          changed: outcome.changed,
          checked_with_stripe: outcome.checkedWithStripe || undefined,
        });
        return c.json({ received: true });
    }
  },
);
