import { describe, expect, it } from 'vitest';
import { ENGLISH, negotiate } from '../i18n';
import { promisesEmail } from '../identity';
import type { Order } from '../ledger';
import { layout } from '../pages/layout';
import { receiptPage } from './view';

const paid: Order = {
  id: 'ord_4f2a91c3d0e1f2a3b4c5d6e7',
  checkout_id: '3b241101-e2bb-4255-8caf-4136c566a962',
  payment_intent_id: 'pi_3Test000000000000000000',
  product_id: 'support-5',
  quantity: 2,
  amount: 1000,
  currency: 'usd',
  email: 'jane.doe@example.com',
  status: 'paid',
  attempt: 1,
  declines: 0,
  amount_refunded: 0,
  card_brand: 'visa',
  card_last4: '4242',
  last_error: null,
  fulfilment_claimed_at: null,
  fulfilled_at: null,
  fulfilment_attempts: 1,
  fulfilment_error: null,
  fulfilment_retry_at: null,
  reconciled_at: null,
  stripe_checked_at: null,
  receipt_token: null,
  client_secret_hash: null,
  lines: JSON.stringify([
    {
      product: 'support-5',
      name: 'Support our work',
      quantity: 2,
      unit_amount: 500,
      discount: 0,
      amount: 1000,
    },
  ]),
  promotion_code: null,
  promotion_code_id: null,
  coupon_id: null,
  discount_amount: 0,
  shipping: null,
  shipping_amount: 0,
  tax_amount: 0,
  tax_included: 0,
  tax_calculation: null,
  tax_calculation_expires_at: null,
  tax_transaction: null,
  tax_transaction_claimed_at: null,
  tax_transaction_unknown_at: null,
  tax_reversed: 0,
  tax_reversal_pending: null,
  tax_reversal_claimed_at: null,
  tax_retry_at: null,
  checkout_session_id: null,
  checkout_session_expires_at: null,
  hosted: 0,
  return_url: null,
  replacing_session_id: null,
  attempt_started_at: null,
  session_basis: null,
  created_at: '2026-07-02T10:00:00.000Z',
  updated_at: '2026-07-02T10:00:00.000Z',
};

const text = async (props: ReturnType<typeof receiptPage>) => String(await props.body);

describe('promisesEmail', () => {
  it("counts Stripe's receipts only in live mode, and the shop's own in every mode", () => {
    const stripe = { stripe: true, shop: false };
    expect(promisesEmail('live', stripe)).toBe(true);
    expect(promisesEmail('test', stripe)).toBe(false);
    expect(promisesEmail('simulated', stripe)).toBe(false);
    expect(promisesEmail('test', { stripe: false, shop: true })).toBe(true);
    expect(promisesEmail('live', { stripe: false, shop: false })).toBe(false);
  });

  it("counts no Stripe receipt for Stripe's hosted page, which sends none without a setting", () => {
    expect(promisesEmail('live', { stripe: true, shop: false }, 'hosted')).toBe(false);
    expect(promisesEmail('test', { stripe: true, shop: true }, 'hosted')).toBe(true);
  });
});

describe('receiptPage', () => {
  it('promises an email in live mode (Stripe sends the receipt), and says where to', async () => {
    const page = await text(receiptPage(paid, ENGLISH, 'ledger', true, 'live'));
    expect(page).toContain('Your payment was received. A receipt is on its way to your inbox.');
    expect(page).toContain('<dt>Receipt sent to</dt><dd>jane.doe@example.com</dd>');
  });

  it.each(['test', 'simulated'] as const)(
    'promises none in %s mode, where none is sent',
    async (mode) => {
      const page = await text(receiptPage(paid, ENGLISH, 'ledger', true, mode));
      expect(page).not.toMatch(/on its way|Receipt sent to|inbox/);
      expect(page).toContain('<dt>Email</dt><dd>jane.doe@example.com</dd>');
    },
  );

  it("promises none for a live order paid on Stripe's hosted page (no receipt_email)", async () => {
    const hosted = { ...paid, hosted: 1, checkout_session_id: 'cs_test_a1' };
    const page = await text(receiptPage(hosted, ENGLISH, 'ledger', true, 'live'));
    expect(page).not.toMatch(/on its way|Receipt sent to|inbox/);
    expect(page).toContain('<dt>Email</dt><dd>jane.doe@example.com</dd>');
    const status = await text(receiptPage(hosted, ENGLISH, 'ledger', false, 'live'));
    expect(status).not.toContain('email sent');
  });

  it('tells anyone without proof where the full receipt is, by the same rule', async () => {
    const live = await text(receiptPage(paid, ENGLISH, 'ledger', false, 'live'));
    const test = await text(receiptPage(paid, ENGLISH, 'ledger', false, 'test'));
    expect(live).toContain('is in the email sent when the payment was made');
    expect(test).not.toContain('email sent');
    expect(test).not.toContain('jane.doe@example.com');
  });

  it("writes a failed payment's reason, kept in English, in the reader's language", async () => {
    const failed: Order = {
      ...paid,
      status: 'failed',
      last_error: ENGLISH.t('decline.insufficient_funds'),
    };
    const german = negotiate('de');
    const page = await text(receiptPage(failed, german, 'ledger', true, 'test'));
    expect(page).toContain(german.t('decline.insufficient_funds'));
    const unknown = await text(
      receiptPage({ ...failed, last_error: 'An older message' }, german, 'ledger', true, 'test'),
    );
    expect(unknown).toContain(german.t('error.failed'));
  });

  it("ends the tab's checkout on a receipt of money received, and only there", async () => {
    const statuses = [
      'paid',
      'partially_refunded',
      'refunded',
      'pending',
      'requires_action',
      'failed',
      'canceled',
    ] as const;
    const ends = await Promise.all(
      statuses.map(async (status) => {
        const props = receiptPage({ ...paid, status }, ENGLISH, 'ledger', true, 'test');
        // Without proof (a status-only receipt), the checkout id is not shown, and nothing ends.
        const statusOnly = receiptPage({ ...paid, status }, ENGLISH, 'ledger', false, 'test');
        expect(statusOnly.ended, status).toBeUndefined();
        const page = String(await layout(ENGLISH, 'test', props));
        const ends = props.ended === paid.checkout_id;
        expect(page.includes('/ended.js'), status).toBe(ends);
        expect(page.includes(`<meta name="checkout" content="${paid.checkout_id}">`), status).toBe(
          ends,
        );
        return [status, ends];
      }),
    );
    expect(Object.fromEntries(ends)).toEqual({
      paid: true,
      partially_refunded: true,
      refunded: true,
      pending: false,
      requires_action: false,
      failed: false,
      canceled: false,
    });
  });

  it("ends the tab's checkout once its Session's payment is on its way (payer)", async () => {
    // Stripe's page completed with a PaymentIntent that settles later (a bank debit) or that the
    // customer pays with the instructions it gave (a voucher, a bank transfer): nothing else can
    // pay this checkout, and a new cart in the tab must be a new checkout, not this receipt.
    const session = { ...paid, hosted: 1, checkout_session_id: 'cs_test_a1' };
    for (const status of ['pending', 'requires_action'] as const) {
      const order = { ...session, status };
      expect(receiptPage(order, ENGLISH, 'ledger', true, 'test').ended, status).toBe(
        paid.checkout_id,
      );
      expect(receiptPage(order, ENGLISH, 'ledger', false, 'test').ended, status).toBeUndefined();
      // A Session not completed yet (no PaymentIntent) may still be paid in this checkout.
      const open = { ...order, payment_intent_id: null };
      expect(receiptPage(open, ENGLISH, 'ledger', true, 'test').ended, status).toBeUndefined();
    }
  });

  it('tells a payer awaiting a voucher or transfer to pay it, never "not charged"', async () => {
    const order = { ...paid, hosted: 1, checkout_session_id: 'cs_test_a1' };
    for (const reader of [ENGLISH, negotiate('de'), negotiate('fr'), negotiate('es')]) {
      const page = await text(
        receiptPage({ ...order, status: 'requires_action' }, reader, 'ledger', true, 'test'),
      );
      expect(page).not.toContain(reader.t('common.notCharged'));
      expect(page).toContain(reader.t('receipt.awaitingLead'));
      expect(page).toContain(reader.t('receipt.doNotPayAgain'));
    }
  });

  it.each([
    ['a processing payment', { ...paid, status: 'pending' }, 'ledger'],
    ['one Stripe could not be asked about', { ...paid, status: 'requires_action' }, 'unreachable'],
  ] as const)(
    'checks %s again by itself (never a reload), in a polite live region, with "Check again"',
    async (_, order, freshness) => {
      const props = receiptPage(order, ENGLISH, freshness, true, 'test');
      expect(props.recheck).toBe(true);
      const page = await text(props);
      expect(page).toMatch(/<p class="lead" role="status">[^<]+ Please do not pay again\.<\/p>/);
      expect(page).toContain(
        '<a id="check-again" href="" data-stopped="It is taking longer than usual: check again ' +
          'in a few minutes.">Check again</a>',
      );
    },
  );
});
