/**
 * TAX_CALCULATION=stripe on an account where Stripe Tax is not set up (the simulator's tax settings
 * made `pending`): Stripe refuses every calculation (`stripe_tax_inactive`). No retry changes that,
 * so a shippable cart is answered "payments are not configured" (not "try again"), nothing is
 * charged, and the request's log line keeps Stripe's error code for the merchant, never the address.
 * Stripe merely unreachable still says "try again", with what went wrong in the log.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { charge, fault, paymentIntents, postJson, resetAll, sim } from '../support/checkout';
import { BERLIN, shippedOrder, type ErrorBody, type Item } from '../support/cart';

beforeEach(resetAll);

const TAX = { TAX_CALCULATION: 'stripe' };
const MUG: Item[] = [{ product: 'mug', quantity: 1 }];
const quote = (body: unknown) => postJson('/quote', body, {}, TAX);

/** Every line the Worker logged during a test, whatever its level. */
let logged: () => string;
beforeEach(() => {
  const spies = (['log', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level));
  logged = () => spies.flatMap((spy) => spy.mock.calls.map((call) => call.join(' '))).join('\n');
});
afterEach(() => vi.restoreAllMocks());

async function stripeTaxNotSetUp() {
  const response = await sim('/_sim/tax_settings', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'pending' }),
  });
  expect(response.status).toBe(200);
}

describe('Stripe Tax not set up at Stripe', () => {
  it('answers a quote "not configured", not "try again", and logs Stripe’s code', async () => {
    await stripeTaxNotSetUp();
    const response = await quote({ items: MUG, shipping: BERLIN });
    expect(response.status).toBe(503);
    const { error } = await response.json<ErrorBody>();
    expect(error.code).toBe('payments_not_configured');
    expect(error.message).toBe(
      'This shop cannot take your payment right now. You have not been charged. Please contact the shop.',
    );
    expect(error.message).not.toMatch(/again/);
    const lines = logged();
    expect(lines).toContain('stripe_tax_inactive');
    expect(lines).toContain('payments.refused');
    expect(lines).not.toContain('Unter den Linden');
    expect(lines).not.toContain('10117');
  });

  it('charges nothing and says the shop cannot take the payment', async () => {
    await stripeTaxNotSetUp();
    const response = await charge(shippedOrder(MUG, BERLIN), {}, TAX);
    expect(response.status).toBe(503);
    const { error } = await response.json<ErrorBody>();
    expect(error).toMatchObject({ code: 'payments_not_configured', charged: false });
    expect(await paymentIntents()).toEqual([]);
    expect(logged()).toContain('stripe_tax_inactive');
  });

  it('refuses hosted Checkout the same way (Stripe refuses a Session with automatic tax)', async () => {
    await stripeTaxNotSetUp();
    const vars = { ...TAX, CHECKOUT_UI: 'hosted' };
    const body = { checkout_id: crypto.randomUUID(), items: MUG, shipping_country: 'DE' };
    const response = await charge(body, {}, vars);
    expect(response.status).toBe(503);
    expect((await response.json<ErrorBody>()).error).toMatchObject({
      code: 'payments_not_configured',
      charged: false,
    });
    expect(logged()).toContain('stripe_tax_inactive');
  });

  it('still says "try again" when Stripe Tax is only unreachable, with why in the log', async () => {
    await fault({ mode: 'error', status: 500, count: 10 });
    const response = await quote({ items: MUG, shipping: BERLIN });
    expect(response.status).toBe(503);
    const { error } = await response.json<ErrorBody>();
    expect(error.code).toBe('stripe_unavailable');
    expect(error.message).toMatch(/try again/i);
    expect(logged()).toMatch(/tax_error/);
  });
});
