import { beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, resetAll, simFetch, stripeClient } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('served files and pages', () => {
  it('serves the simulated Stripe.js at /v3/ and /v3, and its stylesheet', async () => {
    for (const path of ['/v3/', '/v3']) {
      const response = await simFetch(`${ORIGIN}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toContain('javascript');
      const script = await response.text();
      expect(script).toContain('window.Stripe = Stripe');
      expect(script).not.toMatch(/\beval\(|new Function|innerHTML|\.style\./);
    }
    const css = await simFetch(`${ORIGIN}/v3/stripe-sim.css`);
    expect(css.headers.get('Content-Type')).toContain('text/css');
  });

  it("serves a receipt page at each charge's receipt_url", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1234,
      currency: 'usd',
      description: 'Two mugs',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    const response = await simFetch(charge.receipt_url as string);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('$12.34');
    expect(page).toContain('Two mugs');
    expect(page).toContain('visa •••• 4242');
    const css = await simFetch(`${ORIGIN}/_sim/assets/page.css`);
    expect(css.headers.get('Content-Type')).toContain('text/css');
  });
});
