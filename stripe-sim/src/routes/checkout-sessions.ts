import { Hono } from 'hono';
import { originOf, paymentContext, type SimEnv } from '../context';
import { checkCreateParams } from '../checkout/checks';
import { expireSession, notExpirable } from '../checkout/lifecycle';
import {
  createParams,
  expireParams,
  lineItemsParams,
  listSessionParams,
  retrieveParams,
} from '../checkout/params';
import { newSession } from '../checkout/session';
import { validated } from '../errors';
import { unixNow } from '../ids';
import { parseParams } from '../params';
import { load, respond, respondWithItems, respondWithList } from './helpers';

/**
 * Routes of /v1/checkout/sessions: Checkout Sessions in payment mode, paid on the simulator's hosted
 * page (routes/checkout-page.ts), listed, and expired, as Stripe serves them. Sessions complete or
 * expire on their own too (checkout/lifecycle.ts, run before every request).
 */
export const checkoutSessions = new Hono<SimEnv>()
  .post('/', async (c) => {
    const params = parseParams(createParams, c.var.form);
    const { store } = c.var.sim;
    // Refusals up to here (expires_at out of bounds, combinations) are validation: no key saves them.
    const made = validated(() => {
      checkCreateParams(store, params);
      return newSession(store, params, { origin: originOf(c), now: unixNow() });
    });
    for (const product of made.products) store.put(product);
    for (const rate of made.rates) store.put(rate);
    const session = store.put(made.session);
    // Expiry needs no request to happen (checkout/lifecycle.ts runs when the alarm fires).
    await c.var.sim.wakeAt(session.expires_at);
    return respond(c, session, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listSessionParams, c.var.form);
    const email = params.customer_details?.email.toLowerCase();
    return respondWithList(
      c,
      'checkout.session',
      params,
      (session) =>
        (params.status === undefined || session.status === params.status) &&
        (params.payment_intent === undefined || session.payment_intent === params.payment_intent) &&
        (email === undefined || session.customer_details?.email?.toLowerCase() === email) &&
        (params.customer === undefined || session.customer === params.customer) &&
        (params.customer_account === undefined ||
          session.customer_account === params.customer_account) &&
        (params.payment_link === undefined || session.payment_link === params.payment_link) &&
        (params.subscription === undefined || session.subscription === params.subscription),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    const session = load(c, 'checkout.session', c.req.param('id'));
    return respond(c, session, params.expand);
  })
  .get('/:id/line_items', (c) => {
    const params = parseParams(lineItemsParams, c.var.form);
    const session = load(c, 'checkout.session', c.req.param('id'));
    return respondWithItems(c, 'item', session.line_items.data, params);
  })
  .post('/:id/expire', (c) => {
    const params = parseParams(expireParams, c.var.form);
    const session = load(c, 'checkout.session', c.req.param('id'));
    if (session.status !== 'open') throw notExpirable(session);
    const expired = expireSession(paymentContext(c), session);
    return respond(c, expired, params.expand);
  });
