/**
 * The last line of defence (src/index.ts onError): an unexpected failure is logged, never shown,
 * and only a payment route says the customer may have been charged.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { checkout, order, resetAll } from '../support/checkout';
import { CHECKOUT_ORIGIN } from '../support/env';
import { remember } from '../support/hygiene';

beforeEach(resetAll);

/** A ledger that fails every statement, as no code path expects. */
const BROKEN_DB = new Proxy(env.DB, {
  get: () => () => {
    throw new Error('the ledger broke');
  },
});

async function withBrokenLedger(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(new URL(path, CHECKOUT_ORIGIN), init),
    { ...env, DB: BROKEN_DB } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  await remember(response);
  return response;
}

describe('an unexpected error', () => {
  it('on POST /charge says the outcome is unknown and retrying is safe', async () => {
    const response = await withBrokenLedger('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: CHECKOUT_ORIGIN },
      body: JSON.stringify(order()),
    });
    expect(response.status).toBe(500);
    const { error } = await response.json<{
      error: { code: string; charged?: string; message: string };
    }>();
    expect(error).toMatchObject({ code: 'internal_error', charged: 'unknown' });
    expect(error.message).toContain('can never be charged twice');
  });

  it('elsewhere (the receipt) is a plain error that does not talk about charging', async () => {
    const response = await withBrokenLedger('/thank-you?payment_intent=pi_unknown', {
      headers: { Accept: 'application/json' },
    });
    expect(response.status).toBe(500);
    const { error } = await response.json<{ error: { code: string; message: string } }>();
    expect(error).toEqual({ code: 'internal_error', message: expect.any(String) });
    expect(error.message).not.toMatch(/charge/i);
    const page = await withBrokenLedger('/thank-you?payment_intent=pi_unknown', {
      headers: { Accept: 'text/html' },
    });
    expect(page.status).toBe(500);
    expect(await page.text()).not.toMatch(/charged|Payment unavailable/i);
  });
});

describe('an error page', () => {
  const backLink = async (path: string, acceptLanguage?: string) => {
    const headers = {
      Accept: 'text/html',
      ...(acceptLanguage && { 'Accept-Language': acceptLanguage }),
    };
    const response = await checkout(path, { headers });
    // Its words follow ?lang=, its way back Accept-Language too: a cache keeps both apart.
    expect(response.headers.get('vary')).toContain('Accept-Language');
    return /class="button" href="([^"]+)"/.exec(await response.text())?.[1];
  };

  it('leads back to the checkout in the language a link chose (?lang=), else to the plain page', async () => {
    expect(await backLink('/no-such-page?lang=fr')).toBe('/?lang=fr');
    expect(await backLink('/no-such-page?lang=fr', 'de-DE,de;q=0.9')).toBe('/?lang=fr');
    expect(await backLink('/no-such-page')).toBe('/');
  });

  it('leads back to the plain page when ?lang= is what the browser chooses anyway', async () => {
    expect(await backLink('/no-such-page?lang=fr', 'fr-FR,fr;q=0.9')).toBe('/');
    expect(await backLink('/no-such-page?lang=en')).toBe('/');
  });
});
