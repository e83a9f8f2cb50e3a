import { beforeEach, describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, api, control, resetAll, stripeClient, stripeError } from './helpers';
import type { LoggedRequest } from '../src/request-log';

const stripe = stripeClient();
beforeEach(resetAll);

async function errorOf(response: Response) {
  return {
    status: response.status,
    requestId: response.headers.get('Request-Id'),
    ...((await response.json()) as { error: Record<string, unknown> }),
  };
}

describe('parameters', () => {
  it('an unknown parameter is a 400 naming it', async () => {
    const err = await errorOf(
      await api('/v1/payment_intents', { body: 'amount=500&currency=usd&colour=blue' }),
    );
    expect(err).toMatchObject({
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: 'colour',
        message: 'Received unknown parameter: colour',
      },
    });
    expect(err.requestId).toMatch(/^req_/);
  });

  it('names a nested unknown parameter with brackets', async () => {
    const err = await errorOf(
      await api('/v1/payment_intents', {
        body:
          'amount=500&currency=usd&confirm=true&payment_method_data[type]=card' +
          '&payment_method_data[card][nmuber]=4242424242424242',
      }),
    );
    expect(err.error).toMatchObject({
      code: 'parameter_unknown',
      param: 'payment_method_data[card][nmuber]',
    });
  });

  it('stripe-node sees the same error', async () => {
    // A parameter stripe-node does not declare, as a typo in untyped code would send it.
    const typo = { setup_future_usages: 'off_session' } as object;
    const err = await stripeError(() =>
      stripe.paymentIntents.create({ amount: 500, currency: 'usd', ...typo }),
    );
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.param).toBe('setup_future_usages');
  });

  it('a missing or malformed parameter is a 400', async () => {
    expect(
      (await errorOf(await api('/v1/payment_intents', { body: 'currency=usd' }))).error,
    ).toMatchObject({
      code: 'parameter_missing',
      param: 'amount',
      message: 'Missing required param: amount.',
    });
    expect(
      (await errorOf(await api('/v1/payment_intents', { body: 'amount=5.00&currency=usd' }))).error,
    ).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
    expect(
      (
        await errorOf(
          await api('/v1/payment_intents', { body: 'amount=500&currency=usd&confirm=yes' }),
        )
      ).error,
    ).toMatchObject({ param: 'confirm' });
    expect(
      (
        await errorOf(
          await api('/v1/payment_intents', {
            body: 'amount=500&currency=usd&capture_method=later',
          }),
        )
      ).error,
    ).toMatchObject({ param: 'capture_method' });
  });

  it('refuses JSON bodies and unknown URLs', async () => {
    const json = await api('/v1/payment_intents', {
      body: JSON.stringify({ amount: 500 }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(json.status).toBe(400);
    const unknown = await errorOf(await api('/v1/subscriptions'));
    expect(unknown).toMatchObject({ status: 404, error: { type: 'invalid_request_error' } });
    expect(String(unknown.error.message)).toContain(
      'Unrecognized request URL (GET: /v1/subscriptions)',
    );
  });
});

describe('API keys', () => {
  it('a missing key is a 401 with type invalid_request_error, as Stripe answers it', async () => {
    const err = await errorOf(await api('/v1/payment_intents', { key: null }));
    expect(err).toMatchObject({ status: 401, error: { type: 'invalid_request_error' } });
    expect(String(err.error.message)).toContain('You did not provide an API key');
  });

  it('a wrong key is a 401, for stripe-node too', async () => {
    const err = await stripeError(() => stripeClient('sk_wrong_123').paymentIntents.list());
    expect(err.statusCode).toBe(401);
    expect(err.type).toBe('StripeAuthenticationError');
    expect(err.message).toMatch(/^Invalid API Key provided: /);
  });

  it('a live key is refused: the simulator runs in test mode only', async () => {
    const err = await stripeError(() =>
      stripeClient('sk_live_not_a_real_key').paymentIntents.create({
        amount: 500,
        currency: 'usd',
      }),
    );
    expect(err.statusCode).toBe(401);
    expect(err.message).toContain('test mode only and never touches real money');
    expect(err.message).not.toContain('not_a_real_key');
  });

  it('accepts basic auth with the key as user name, as curl -u sends it', async () => {
    const response = await api('/v1/payment_intents', {
      key: null,
      headers: { Authorization: `Basic ${btoa('sk_test_123:')}` },
    });
    expect(response.status).toBe(200);
  });

  it('a publishable key only reaches what Stripe.js uses', async () => {
    const err = await errorOf(
      await api('/v1/payment_intents', { key: PUBLISHABLE_KEY, body: 'amount=500&currency=usd' }),
    );
    expect(err).toMatchObject({ status: 401, error: { code: 'secret_key_required' } });
    expect((await api('/v1/events', { key: PUBLISHABLE_KEY })).status).toBe(401);
    const log = await control<LoggedRequest[]>('/requests');
    expect(log.map((entry) => [entry.auth, entry.status])).toEqual([
      ['publishable', 401],
      ['publishable', 401],
    ]);
  });

  it('answers the CORS preflight Stripe.js triggers', async () => {
    const response = await api('/v1/confirmation_tokens', {
      key: null,
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:8787',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain(
      'authorization',
    );
  });
});
