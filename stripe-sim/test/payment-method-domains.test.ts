import { beforeEach, describe, expect, it } from 'vitest';
import { resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

describe('payment method domains', () => {
  it('registers a domain with every wallet active, and retrieves and lists it', async () => {
    const domain = await stripe.paymentMethodDomains.create({ domain_name: 'Shop.Example.com' });
    expect(domain).toMatchObject({
      object: 'payment_method_domain',
      domain_name: 'shop.example.com',
      enabled: true,
      apple_pay: { status: 'active' },
      google_pay: { status: 'active' },
      link: { status: 'active' },
      livemode: false,
    });
    expect(domain.id).toMatch(/^pmd_\w{24}$/);
    expect(await stripe.paymentMethodDomains.retrieve(domain.id)).toEqual(domain);
    const other = await stripe.paymentMethodDomains.create({
      domain_name: 'other.example.com',
      enabled: false,
    });
    expect((await stripe.paymentMethodDomains.list()).data.map((d) => d.id)).toEqual([
      other.id,
      domain.id,
    ]);
    const filtered = await stripe.paymentMethodDomains.list({ domain_name: 'shop.example.com' });
    expect(filtered.data.map((d) => d.id)).toEqual([domain.id]);
    const enabled = await stripe.paymentMethodDomains.list({ enabled: true });
    expect(enabled.data.map((d) => d.id)).toEqual([domain.id]);
  });

  it('enables and disables a domain', async () => {
    const domain = await stripe.paymentMethodDomains.create({ domain_name: 'shop.example.com' });
    const off = await stripe.paymentMethodDomains.update(domain.id, { enabled: false });
    expect(off.enabled).toBe(false);
    expect((await stripe.paymentMethodDomains.retrieve(domain.id)).enabled).toBe(false);
  });

  it('refuses a URL instead of a domain name, a second registration and an unknown id', async () => {
    for (const domain_name of ['https://shop.example.com', 'shop.example.com/pay', 'localhost']) {
      const error = await stripeError(() => stripe.paymentMethodDomains.create({ domain_name }));
      expect(error).toMatchObject({ statusCode: 400, param: 'domain_name' });
    }
    await stripe.paymentMethodDomains.create({ domain_name: 'shop.example.com' });
    const twice = await stripeError(() =>
      stripe.paymentMethodDomains.create({ domain_name: 'shop.example.com' }),
    );
    expect(twice).toMatchObject({ statusCode: 400, param: 'domain_name' });
    expect((await stripe.paymentMethodDomains.list()).data).toHaveLength(1);
    const missing = await stripeError(() => stripe.paymentMethodDomains.retrieve('pmd_missing'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
