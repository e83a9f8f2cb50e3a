import { Hono } from 'hono';
import type Stripe from 'stripe';
import { paymentContext, type SimEnv } from '../context';
import { ApiError, invalidRequest, resourceMissing } from '../errors';
import { authenticatePaymentIntent } from '../payments';
import { PAGE_HEADERS, pageWords } from '../pages/layout';
import { challengePage, messagePage } from '../pages/three-d-secure';

/**
 * Stripe's `redirect_status` on the return_url: `failed` when the payment needs a new payment
 * method; `succeeded` when authentication went through (paid, authorized for a manual capture, or
 * awaiting the server's confirmation).
 */
const redirectStatus = (paymentIntent: Stripe.PaymentIntent) =>
  paymentIntent.status === 'requires_payment_method' || paymentIntent.status === 'canceled'
    ? 'failed'
    : 'succeeded';

/**
 * The simulated 3-D Secure challenge (next_action.redirect_to_url.url): GET shows it; POST with
 * `outcome=complete|fail` answers it, then redirects to the return_url with `payment_intent`,
 * `payment_intent_client_secret` and `redirect_status`, as Stripe does. Scripts and tests can POST
 * with `Accept: application/json` to get the PaymentIntent instead.
 */
export const threeDSecure = new Hono<SimEnv>()
  .get('/:id', (c) => {
    const paymentIntent = c.var.sim.store.get('payment_intent', c.req.param('id'));
    if (!paymentIntent)
      return c.html(
        messagePage('Payment not found', 'There is no payment with this id.'),
        404,
        PAGE_HEADERS,
      );
    if (paymentIntent.status !== 'requires_action') {
      return c.html(
        messagePage(
          'Nothing to authenticate',
          `This payment is not awaiting authentication (its status is ${paymentIntent.status}).`,
        ),
        409,
        PAGE_HEADERS,
      );
    }
    const paymentMethod =
      typeof paymentIntent.payment_method === 'string'
        ? c.var.sim.store.get('payment_method', paymentIntent.payment_method)
        : undefined;
    const words = pageWords(c.req.header('accept-language'));
    return c.html(challengePage(paymentIntent, paymentMethod?.card, words), 200, PAGE_HEADERS);
  })
  .post('/:id', async (c) => {
    const wantsJson = (c.req.header('Accept') ?? '').includes('application/json');
    try {
      const id = c.req.param('id');
      const paymentIntent = c.var.sim.store.get('payment_intent', id);
      if (!paymentIntent) throw resourceMissing('payment_intent', id);
      const { outcome } = await c.req.parseBody();
      if (outcome !== 'complete' && outcome !== 'fail')
        throw invalidRequest('outcome must be "complete" or "fail".', { param: 'outcome' });
      const returnUrl = paymentIntent.next_action?.redirect_to_url?.return_url;
      // Not an API request: the events it causes have no `request`.
      const { paymentIntent: result } = authenticatePaymentIntent(
        { ...paymentContext(c), request: null },
        paymentIntent,
        outcome === 'complete',
      );

      if (wantsJson) return c.json(result);
      if (returnUrl) {
        const target = new URL(returnUrl);
        target.searchParams.set('payment_intent', result.id);
        target.searchParams.set('payment_intent_client_secret', result.client_secret ?? '');
        target.searchParams.set('redirect_status', redirectStatus(result));
        return c.redirect(target.toString(), 303);
      }
      const succeeded = redirectStatus(result) === 'succeeded';
      return c.html(
        messagePage(
          succeeded ? 'Payment authenticated' : 'Payment not completed',
          !succeeded
            ? 'The payment failed. You can close this window and try again.'
            : result.status === 'succeeded'
              ? 'The payment succeeded. You can close this window.'
              : 'You are authenticated: the shop completes the payment. You can close this window.',
        ),
        200,
        PAGE_HEADERS,
      );
    } catch (err) {
      if (!(err instanceof ApiError) || wantsJson) throw err;
      return c.html(
        messagePage('Nothing to authenticate', err.message),
        err.status as 400,
        PAGE_HEADERS,
      );
    }
  });
