/**
 * A console refund whose order was read while its payment was still on its way: the order had no
 * PaymentIntent then, and was paid before the refund was held. The refund names the PaymentIntent
 * the ledger has by then, so Stripe makes it, rather than refusing a refund of none. Through
 * `makeRefund` (the console's refund route reads the order, then calls it), the ledger and the
 * simulator: the race itself cannot be timed through the fetch handler.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, expect, it } from 'vitest';
import { resolvePaymentConfig } from '../../src/config';
import type { Order } from '../../src/ledger';
import { makeRefund } from '../../src/refunds/make';
import { newWaits } from '../../src/timing';
import { charge, order, orderOf, resetAll, simRequests } from '../support/checkout';

beforeEach(resetAll);

it('a refund of an order read before its PaymentIntent was recorded names that PaymentIntent', async () => {
  const body = order();
  expect((await charge(body)).status).toBe(200);
  const paid = (await orderOf(body.checkout_id!))!;
  expect(paid).toMatchObject({ status: 'paid', payment_intent_id: expect.stringMatching(/^pi_/) });
  // As the route read it a moment before POST /charge recorded the payment.
  const early: Order = { ...paid, status: 'pending', payment_intent_id: null };
  const config = resolvePaymentConfig(env, new URL('http://localhost/admin'));
  if (!config.ok) throw new Error('the tests’ payment configuration is refused');

  const outcome = await makeRefund(
    {
      env,
      config,
      cause: { source: 'admin', route: '/admin', requestId: 'rq_test', admin: 'admin@test' },
      waits: newWaits(),
    },
    { orderId: paid.id, idempotencyKey: 'console-key-1', admin: 'admin@test' },
    early,
  );

  expect(outcome.kind).toBe('refunded');
  const asked = (await simRequests()).filter(
    ({ method, path }) => method === 'POST' && path === '/v1/refunds',
  );
  expect(asked).toHaveLength(1);
  expect(await orderOf(body.checkout_id!)).toMatchObject({
    status: 'refunded',
    amount_refunded: paid.amount,
  });
});
