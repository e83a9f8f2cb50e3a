/**
 * Property-based tests of the public inputs with malformed and hostile data: wrong types, huge and
 * unicode strings, nested brackets, __proto__ / constructor keys, wrong content types, empty and
 * truncated bodies. Whatever arrives: never a 5xx, never a Stripe call, no state change.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkout, resetAll, simRequests, someIp } from '../support/checkout';
import { CHECKOUT_ORIGIN } from '../support/env';

/** Cases per property; 5,500 in all. */
const RUNS = { charge: 3000, webhook: 1500, thankYou: 1000 };
/** Thousands of requests through the Worker take a while on a small CI machine. */
const TIMEOUT = 300_000;

const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'checkout_id',
    'product',
    'quantity',
    'email',
    'amount',
    'confirmation_token',
    'payment_method',
    'stripeToken',
    'a[b][c]',
    'metadata[x]',
    '[]',
    'quantity[]',
    'expand[]',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e3',
    'NaN',
    'Infinity',
    'null',
    'true',
    '[]',
    '{}',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${7*7}',
    '\u0000',
    '\ud800',
    'pm_card_visa',
    'tok_visa',
    'ctoken_',
    'support-5',
    'x'.repeat(9000),
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** The payment sources POST /charge takes (src/checkout/schema.ts), by field. */
const SOURCES: Record<string, RegExp> = {
  confirmation_token: /^ctoken_[A-Za-z0-9_]{1,255}$/,
  payment_method: /^pm_[A-Za-z0-9_]{1,255}$/,
  stripeToken: /^tok_[A-Za-z0-9_]{1,255}$/,
};
/** Whether a body names a payment source the schema would take (then it may well be valid). */
const hasUsableSource = (body: Record<string, unknown>) =>
  Object.entries(SOURCES).some(([field, form]) => {
    const value = body[field];
    return typeof value === 'string' && form.test(value);
  });

/**
 * A checkout body that cannot be valid: every generated one lacks a usable payment source (one
 * that would be, such as the hostile strings' `pm_card_visa`, is left out: with a uuid, the
 * product, a quantity and an email it is a real payment), or has a hostile value in one of the
 * fields that matter.
 */
const invalidCheckout = fc
  .record(
    {
      checkout_id: fc.oneof(fc.uuid(), hostileValue),
      product: fc.oneof(fc.constant('support-5'), hostileValue),
      quantity: fc.oneof(fc.integer({ min: -5, max: 20 }), hostileValue),
      email: fc.oneof(fc.emailAddress(), hostileValue),
      payment_method: fc.oneof(hostileValue, fc.constant('pm_card_visa; DROP TABLE orders')),
      extra: fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...fields }): Record<string, unknown> => ({ ...extra, ...fields }))
  .filter((value) => !hasUsableSource(value));

const body = fc.oneof(
  invalidCheckout.map((value) => ({ type: 'application/json', raw: JSON.stringify(value) })),
  invalidCheckout.map((value) => ({
    type: 'application/json',
    raw: JSON.stringify(value).slice(0, -3),
  })),
  hostileValue.map((value) => ({ type: 'application/json', raw: JSON.stringify(value) ?? '' })),
  fc.array(fc.tuple(hostileKey, hostileString), { maxLength: 8 }).map((pairs) => ({
    type: 'application/x-www-form-urlencoded',
    raw: new URLSearchParams(pairs).toString(),
  })),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        '',
        'application/json; charset=utf-16',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded;;',
      ),
      fc.string({ unit: 'binary', maxLength: 300 }),
    )
    .map(([type, raw]) => ({ type, raw })),
  fc.constantFrom(
    { type: 'application/json', raw: '' },
    { type: 'application/json', raw: '{' },
    { type: 'application/json', raw: 'null' },
    { type: 'application/x-www-form-urlencoded', raw: '' },
  ),
);

async function nothingChanged(sawRequests: number): Promise<void> {
  expect((await simRequests()).length, 'Stripe calls').toBe(sawRequests);
  const counts = await env.DB.batch<{ n: number }>([
    env.DB.prepare('SELECT COUNT(*) AS n FROM orders'),
    env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events'),
  ]);
  expect(counts.map((c) => c.results[0]?.n)).toEqual([0, 0]);
}

describe('fuzzing', () => {
  beforeAll(resetAll);

  it(
    `POST /charge: ${RUNS.charge} hostile bodies, never a 5xx, a Stripe call or a state change`,
    async () => {
      const before = (await simRequests()).length;
      await fc.assert(
        fc.asyncProperty(body, async ({ type, raw }) => {
          const headers: Record<string, string> = {
            Origin: CHECKOUT_ORIGIN,
            'CF-Connecting-IP': someIp(),
          };
          if (type) headers['Content-Type'] = type;
          const response = await checkout('/charge', { method: 'POST', headers, body: raw });
          const text = await response.text();
          expect([400, 413, 415]).toContain(response.status);
          expect(text).not.toMatch(/\bat \S+:\d+:\d+|Error:|undefined/);
        }),
        { numRuns: RUNS.charge },
      );
      await nothingChanged(before);
    },
    TIMEOUT,
  );

  it(
    `POST /webhook: ${RUNS.webhook} hostile payloads and signatures, never a 5xx or a change`,
    async () => {
      const before = (await simRequests()).length;
      const headerSafe = fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 200,
      });
      const signature = fc.oneof(
        fc.constant(undefined),
        headerSafe,
        fc
          .tuple(
            fc.integer(),
            fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }),
          )
          .map(([t, v1]) => `t=${t},v1=${v1}`),
        fc.constant(`t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`),
      );
      await fc.assert(
        fc.asyncProperty(hostileValue, signature, fc.boolean(), async (payload, sig, truncate) => {
          const raw = JSON.stringify({
            id: 'evt_fuzz',
            type: 'payment_intent.succeeded',
            data: { object: payload },
          });
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (sig !== undefined) headers['Stripe-Signature'] = sig;
          const response = await checkout('/webhook', {
            method: 'POST',
            headers,
            body: truncate ? raw.slice(0, raw.length >> 1) : raw,
          });
          expect(response.status).toBe(400);
          await response.arrayBuffer();
        }),
        { numRuns: RUNS.webhook },
      );
      await nothingChanged(before);
    },
    TIMEOUT,
  );

  it(
    `GET /thank-you: ${RUNS.thankYou} hostile queries, never a 5xx, a thanks or a Stripe call`,
    async () => {
      const before = (await simRequests()).length;
      const query = fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'payment_intent',
              'checkout_id',
              'redirect_status',
              'payment_intent_client_secret',
            ),
            hostileKey,
          ),
          hostileString,
        ),
        { maxLength: 4 },
      );
      await fc.assert(
        fc.asyncProperty(query, async (pairs) => {
          const response = await checkout(`/thank-you?${new URLSearchParams(pairs)}`);
          const html = await response.text();
          expect(response.status).toBe(404);
          expect(html).not.toContain('Thanks');
          expect(html).not.toContain('<script>');
        }),
        { numRuns: RUNS.thankYou },
      );
      await nothingChanged(before);
    },
    TIMEOUT,
  );
});
