import { Hono } from 'hono';
import { settleSessions } from '../checkout/lifecycle';
import { parseAdvance } from '../clock';
import { settleRefunds } from '../refund-failures';
import type { SimEnv } from '../context';
import { invalidRequest } from '../errors';
import { parseFault } from '../faults';
import { parseLatency } from '../latency';
import { markTaxPending, taxSettings } from '../tax/settings';
import { parseRestriction, restrict } from '../restricted-keys';

/**
 * The control API, for tests and scripts (never under /v1, so no Stripe client reaches it by mistake):
 * - POST /_sim/reset: forget all state;
 * - POST /_sim/faults {"mode", "status", "count", "delay_ms"}; GET shows it; DELETE disarms it;
 * - POST /_sim/latency {"ms"}: every later /v1 request waits that long; GET shows it (and how
 *   many requests wait it out now); DELETE returns to LATENCY_MS;
 * - GET /_sim/held: the requests a delay fault is holding; POST /_sim/held/release lets them go;
 * - GET /_sim/requests: every /v1 request since the last reset, in order;
 * - GET /_sim/webhooks: every webhook delivery, with its attempts;
 * - POST /_sim/webhooks {"enabled": false | true}: pause or resume deliveries (paused events queue,
 *   and go out in order on resume);
 * - POST /_sim/webhooks/flush: attempt every pending delivery now, and wait for them;
 * - POST /_sim/clock {"advance_seconds"}: move the simulator's clock forward (Checkout Sessions
 *   past their expires_at expire, refunds of the refund-failing card fail); GET shows it;
 * - POST /_sim/tax_settings {"status": "pending"}: Stripe Tax not set up until the next reset
 *   (GET /v1/tax/settings says `pending`, tax calculations are refused `stripe_tax_inactive`);
 * - POST /_sim/restricted_keys {"key", "lacks"}: a restricted key loses a permission until the
 *   next reset (restricted-keys.ts).
 */
export const control = new Hono<SimEnv>()
  .post('/reset', async (c) => {
    await c.var.sim.reset();
    return c.json({ reset: true });
  })
  .post('/faults', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw invalidRequest(
        'Expected a JSON body such as {"mode": "error", "status": 500, "count": 1}.',
      );
    });
    const fault = parseFault(body);
    c.var.sim.faults.arm(fault);
    return c.json(fault);
  })
  .get('/faults', (c) => c.json(c.var.sim.faults.current()))
  .delete('/faults', (c) => {
    c.var.sim.faults.clear();
    return c.json(null);
  })
  .post('/latency', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw invalidRequest('Expected a JSON body such as {"ms": 300}.');
    });
    c.var.sim.latency.set(parseLatency(body));
    return c.json(c.var.sim.latency.state());
  })
  .get('/latency', (c) => c.json(c.var.sim.latency.state()))
  .delete('/latency', (c) => {
    c.var.sim.latency.clear();
    return c.json(c.var.sim.latency.state());
  })
  .get('/held', (c) => c.json(c.var.sim.held.list()))
  .post('/held/release', (c) => c.json({ released: c.var.sim.held.releaseAll() }))
  .get('/requests', (c) => c.json(c.var.sim.requests.list()))
  .get('/webhooks', (c) => c.json(c.var.sim.webhooks.list()))
  .post('/webhooks', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const enabled = (body as { enabled?: unknown } | null)?.enabled;
    if (typeof enabled !== 'boolean')
      throw invalidRequest('Expected a JSON body {"enabled": false} or {"enabled": true}.');
    const { webhooks } = c.var.sim;
    webhooks.setEnabled(enabled);
    return c.json({ enabled: webhooks.enabled, ...webhooks.counts() });
  })
  .post('/webhooks/flush', async (c) => c.json(await c.var.sim.webhooks.flush()))
  .get('/clock', (c) => c.json(c.var.sim.clock.state()))
  .post('/clock', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw invalidRequest('Expected a JSON body such as {"advance_seconds": 3600}.');
    });
    const state = c.var.sim.clock.advance(parseAdvance(body));
    // Checkout Sessions whose expires_at has now passed expire at once; refunds due fail.
    settleSessions(c.var.sim);
    settleRefunds(c.var.sim);
    return c.json(state);
  })
  .post('/tax_settings', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    if ((body as { status?: unknown } | null)?.status !== 'pending')
      throw invalidRequest('Expected a JSON body {"status": "pending"} (a reset makes it active).');
    markTaxPending(c.var.sim.store);
    return c.json(taxSettings(c.var.sim.store));
  })
  .post('/restricted_keys', async (c) => {
    const body: unknown = await c.req.json().catch(() => {
      throw invalidRequest(
        'Expected a JSON body such as {"key": "rk_test_123", "lacks": "rak_payment_intent_write"}.',
      );
    });
    const restriction = parseRestriction(body);
    restrict(c.var.sim.store, restriction);
    return c.json(restriction);
  });
