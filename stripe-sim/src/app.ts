import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authenticate } from './auth';
import { settleSessions } from './checkout/lifecycle';
import { settleRefunds } from './refund-failures';
import type { Simulator, SimEnv } from './context';
import { ApiError } from './errors';
import { injectFaults } from './faults';
import { readForm } from './form';
import { idempotency } from './idempotency';
import { simulateLatency } from './latency';
import { recordRequests } from './request-log';
import { account } from './routes/account';
import { balanceTransactions } from './routes/balance-transactions';
import { charges } from './routes/charges';
import { hostedCheckout } from './routes/checkout-page';
import { checkoutSessions } from './routes/checkout-sessions';
import { confirmationTokens, confirmationTokenTestHelpers } from './routes/confirmation-tokens';
import { control } from './routes/control';
import { coupons } from './routes/coupons';
import { customers } from './routes/customers';
import { disputes } from './routes/disputes';
import { events } from './routes/events';
import { pages } from './routes/pages';
import { paymentIntents } from './routes/payment-intents';
import { paymentMethodDomains } from './routes/payment-method-domains';
import { paymentMethods } from './routes/payment-methods';
import { promotionCodes } from './routes/promotion-codes';
import { refunds } from './routes/refunds';
import { taxCalculations } from './routes/tax-calculations';
import { taxSettingsRoute } from './routes/tax-settings';
import { taxTransactions } from './routes/tax-transactions';
import { threeDSecure } from './routes/three-d-secure';
import { webhookEndpoints } from './routes/webhook-endpoints';

/**
 * The simulator's routes, served inside the Durable Object so that every request sees (and changes)
 * one consistent state. Every /v1 request passes, in order: the simulated latency, the request log
 * (Request-Id), fault injection, authentication, form decoding, then idempotency.
 */
export function createSimulatorApp(sim: Simulator): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.use('*', async (c, next) => {
    c.set('sim', sim);
    await next();
  });
  app.use(
    '/v1/*',
    simulateLatency,
    recordRequests,
    injectFaults,
    authenticate,
    readForm,
    idempotency,
  );
  // Checkout Sessions paid or past their expires_at, and refunds due to fail, are settled before
  // anything reads them (after the simulated latency, so none reads as it was before the wait).
  app.use('*', async (c, next) => {
    settleSessions(sim);
    settleRefunds(sim);
    await next();
  });

  app.route('/v1/payment_intents', paymentIntents);
  app.route('/v1/payment_methods', paymentMethods);
  app.route('/v1/confirmation_tokens', confirmationTokens);
  app.route('/v1/test_helpers/confirmation_tokens', confirmationTokenTestHelpers);
  app.route('/v1/charges', charges);
  app.route('/v1/refunds', refunds);
  app.route('/v1/disputes', disputes);
  app.route('/v1/customers', customers);
  app.route('/v1/balance_transactions', balanceTransactions);
  app.route('/v1/events', events);
  app.route('/v1/coupons', coupons);
  app.route('/v1/promotion_codes', promotionCodes);
  app.route('/v1/tax/settings', taxSettingsRoute);
  app.route('/v1/tax/calculations', taxCalculations);
  app.route('/v1/tax/transactions', taxTransactions);
  app.route('/v1/account', account);
  app.route('/v1/webhook_endpoints', webhookEndpoints);
  app.route('/v1/payment_method_domains', paymentMethodDomains);
  app.route('/v1/checkout/sessions', checkoutSessions);
  app.route('/c/pay', hostedCheckout);
  app.route('/_sim/3ds', threeDSecure);
  app.route('/_sim', control);
  app.route('/_sim', pages);

  app.notFound((c) => {
    const error = new ApiError(404, {
      type: 'invalid_request_error',
      message:
        `Unrecognized request URL (${c.req.method}: ${c.req.path}). The Stripe simulator covers ` +
        'PaymentIntents, PaymentMethods, ConfirmationTokens, Charges, Refunds, Disputes, Customers, ' +
        'BalanceTransactions, Events, Coupons, Promotion Codes, Stripe Tax, Checkout Sessions, the ' +
        'account, webhook endpoints and payment method domains; see stripe-sim/README.md.',
    });
    return c.json(error.body(), 404);
  });
  app.onError((err, c) => {
    if (err instanceof ApiError)
      return c.json(err.body(), err.status as ContentfulStatusCode, err.headers);
    console.error('stripe-sim: unexpected error', err);
    return c.json(
      new ApiError(500, {
        type: 'api_error',
        message: `The Stripe simulator failed: ${err.message}`,
      }).body(),
      500,
    );
  });
  return app;
}
