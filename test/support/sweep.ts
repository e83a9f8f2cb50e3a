/**
 * Helpers for tests of the cron's reconciliation sweep (src/reconcile): its position in Stripe's
 * events moved past them, orders made older than they are, and a checkout left at 3-D Secure.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { charge, confirmationToken, order, sim, stripe, type ChargeBody } from './checkout';

/** As if the sweep had read every event up to an hour from now: only its other steps run. */
export async function skipEvents(): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO reconciliation (id, events_cursor) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET events_cursor = excluded.events_cursor`,
  )
    .bind(Math.floor(Date.now() / 1000) + 3600)
    .run();
}

/** Moves an order's times (and its refunds') `minutes` back, as if they had happened then. */
export async function age(orderId: string, minutes: number): Promise<void> {
  const earlier = (column: string) =>
    `${column} = strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '-${minutes} minutes')`;
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE orders SET ${earlier('created_at')}, ${earlier('updated_at')} WHERE id = ?`,
    ).bind(orderId),
    env.DB.prepare(
      `UPDATE refunds SET ${earlier('created_at')}, ${earlier('updated_at')} WHERE order_id = ?`,
    ).bind(orderId),
  ]);
}

/** A checkout left waiting for 3-D Secure (with `overrides`, e.g. a promotion code), and its PaymentIntent. */
export async function awaitingAuthentication(overrides: Partial<ChargeBody> = {}) {
  const body = order(
    { confirmation_token: await confirmationToken('pm_card_authenticationRequired') },
    overrides,
  );
  const answer = await (await charge(body)).json<{ client_secret: string }>();
  return { body, id: answer.client_secret.split('_secret_')[0]! };
}

/** The customer completes (or fails) 3-D Secure at the simulator's bank page, as its buttons do. */
export async function completeAuthentication(
  paymentIntentId: string,
  outcome: 'complete' | 'fail' = 'complete',
): Promise<void> {
  const auth = await sim(`/_sim/3ds/${paymentIntentId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: `outcome=${outcome}`,
  });
  expect(auth.ok).toBe(true);
}

/** 200 PaymentIntents of other checkouts, made now: more than a lookup reads (two pages). */
export async function crowdPaymentIntents(): Promise<void> {
  for (let batch = 0; batch < 10; batch++)
    await Promise.all(
      Array.from({ length: 20 }, () =>
        stripe.paymentIntents.create({ amount: 500, currency: 'usd' }),
      ),
    );
}
