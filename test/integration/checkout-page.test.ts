/**
 * The Checkout page's first state, written by the Worker before any script runs: the cart it
 * opens with (the first product, or /?product=<id>, once), its rows, total and Pay's label, in the
 * reader's language, at the price POST /quote answers for that cart. Through the fetch handler.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/money';
import { PRODUCTS } from '../fixtures/shop/products';
import { checkout, resetAll } from '../support/checkout';
import { quote, type Quote } from '../support/cart';

beforeEach(resetAll);

interface Row {
  id: string;
  label: string;
  name: string;
  options: string[];
  selected: string;
  amount: string;
}

/** The page's cart rows, as its markup has them. */
function rowsOf(html: string): Row[] {
  const cart = /<ul id="cart" class="cart">(.*?)<\/ul>/s.exec(html)![1]!;
  return [...cart.matchAll(/<li class="row">(.*?)<\/li>/gs)].map(([, row]) => {
    const select = /<select id="q-([^"]+)" aria-label="([^"]+)">(.*?)<\/select>/.exec(row!)!;
    const options = [...select[3]!.matchAll(/<option( selected)?>(\d+)/g)];
    return {
      id: select[1]!,
      label: select[2]!,
      name: /<label for="q-[^"]+">([^<]+)<\/label>/.exec(row!)![1]!,
      options: options.map((option) => option[2]!),
      selected: options.find((option) => option[1])![2]!,
      amount: /<\/select><span>([^<]*)<\/span>/.exec(row!)![1]!,
    };
  });
}

/** The summary's total (empty until a parcel's address is known), its amount, and Pay's label. */
function totalOf(html: string) {
  const [, amount, shown] = /<dd id="total" data-amount="(\d+)">([^<]*)<\/dd>/.exec(html)!;
  const pay = /<button id="pay" disabled>([^<]*)<\/button>/.exec(html)![1];
  return { amount: Number(amount), shown, pay };
}

/** The quote the page itself would ask for: one of `product`, no code, no address yet. */
async function quoted(product: string, headers: Record<string, string> = {}): Promise<Quote> {
  const body = { items: [{ product, quantity: 1 }], promotion_code: '', shipping: null };
  const response = await quote(body, headers);
  expect(response.status).toBe(200);
  return response.json<Quote>();
}

describe("the Checkout page's first state", () => {
  it('writes the cart with the first product once, priced as POST /quote prices it', async () => {
    const html = await (await checkout('/')).text();
    const priced = await quoted('support-5');
    const dollars = PRODUCTS.filter((p) => p.currency === 'usd');
    const rows = rowsOf(html);
    expect(rows.map((row) => row.id)).toEqual(dollars.map((p) => p.id));
    expect(rows.map((row) => row.selected)).toEqual(['1', '0', '0', '0', '0']);
    expect(rows[0]!.options).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(rows[0]).toMatchObject({
      name: 'Support our work',
      label: 'Quantity of Support our work',
    });
    expect(rows.map((row) => row.amount)).toEqual([
      formatMoney(priced.lines[0]!.subtotal, 'usd', 'en'),
      ...Array(4).fill('$0.00'),
    ]);
    expect(totalOf(html)).toEqual({
      amount: priced.total,
      shown: formatMoney(priced.total, 'usd', 'en'),
      pay: `Pay ${formatMoney(priced.total, 'usd', 'en')}`,
    });
    expect(totalOf(html).shown).toBe('$5.00');
  });

  it('opens with the product of ?product=, in the language of ?lang=', async () => {
    const html = await (await checkout('/?product=handbook&lang=de')).text();
    const priced = await quoted('handbook', { 'Accept-Language': 'de' });
    const rows = rowsOf(html);
    const handbook = rows.find((row) => row.id === 'handbook')!;
    expect(handbook).toMatchObject({
      name: 'Das Handbuch',
      label: 'Anzahl von Das Handbuch',
      selected: '1',
      amount: '18,00\u00a0$',
    });
    expect(rows.filter((row) => row.selected !== '0')).toEqual([handbook]);
    expect(totalOf(html)).toEqual({
      amount: priced.total,
      shown: '18,00\u00a0$',
      pay: '18,00\u00a0$ bezahlen',
    });
  });

  it('sells the currency of the product it opens with', async () => {
    const euros = await (await checkout('/?product=postcard-eur')).text();
    expect(rowsOf(euros).map((row) => [row.id, row.selected])).toEqual([['postcard-eur', '1']]);
    expect(totalOf(euros)).toEqual({ amount: 200, shown: '€2.00', pay: 'Pay €2.00' });
    expect(euros).not.toContain('no longer available');
  });

  it.each([
    ['en', 'This product is no longer available.', '$0.00', 'Pay'],
    ['de', 'Dieses Produkt ist nicht mehr erhältlich.', '0,00\u00a0$', 'Bezahlen'],
  ])(
    'says a linked product is gone and opens an empty cart (%s)',
    async (lang, words, zero, pay) => {
      const html = await (await checkout(`/?product=no-such-thing&lang=${lang}`)).text();
      // Said before the cart, in the reader's words, by the Worker (no script needed).
      expect(html).toMatch(
        new RegExp(`</h1><p class="message">${words}[^<]*</p><ul id="cart" class="cart">`),
      );
      const rows = rowsOf(html);
      expect(rows.map((row) => row.id)).toEqual(
        PRODUCTS.filter((p) => p.currency === 'usd').map((p) => p.id),
      );
      expect(rows.every((row) => row.selected === '0' && row.amount === zero)).toBe(true);
      // Nothing a click away: no amount, and Pay names none.
      expect(totalOf(html)).toEqual({ amount: 0, shown: zero, pay });
      // A page that names a known product, or none, says nothing of the kind.
      for (const path of ['/', '/?product=handbook'])
        expect(
          await (await checkout(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)).text(),
        ).not.toContain(words);
    },
  );

  it('tells no total for a product sent by post until its address is known', async () => {
    const html = await (await checkout('/?product=mug')).text();
    const priced = await quoted('mug');
    expect(rowsOf(html).find((row) => row.id === 'mug')).toMatchObject({
      selected: '1',
      amount: '$20.00',
    });
    // The goods' price for the payment form; the page says no total and Pay no amount.
    expect(totalOf(html)).toEqual({ amount: priced.total, shown: '', pay: 'Pay' });
    // Shipping's row as its chunk then keeps it, before the total: the summary does not jump.
    expect(html).toContain(
      '<div id="shipping"><dt>Shipping</dt><dd>Calculated from your address</dd></div>' +
        '<div aria-live="polite" aria-atomic="true"><dt>Total</dt>',
    );
    expect(await (await checkout('/')).text()).not.toContain('id="shipping"');
    // A shop that calculates tax keeps the Tax row's place there too, its words unseen until the
    // address is priced; one that does not (the default) keeps none. Only such carts carry it, and
    // only elements mode's page (hosted mode's is never told the tax).
    const stripeTax = { TAX_CALCULATION: 'stripe' };
    expect(await (await checkout('/?product=mug', {}, stripeTax)).text()).toContain(
      '<dd>Calculated from your address</dd></div>' +
        '<div id="tax" aria-busy="true"><dt>Tax</dt><dd></dd></div><div aria-live="polite"',
    );
    expect(html).not.toContain('id="tax"');
    expect(await (await checkout('/', {}, stripeTax)).text()).not.toContain('id="tax"');
    const hosted = { ...stripeTax, CHECKOUT_UI: 'hosted' };
    expect(await (await checkout('/?product=mug', {}, hosted)).text()).not.toContain('id="tax"');
    // A tax-inclusive product's page keeps the included tax's place under the total as well (it
    // may have both rows: tax added to shipping, tax inside its price); only that product's.
    expect(await (await checkout('/?product=poster', {}, stripeTax)).text()).toContain(
      '</dd></div><div id="tax-included" aria-busy="true"><dt>Includes tax</dt><dd></dd></div></dl>',
    );
    expect(await (await checkout('/?product=mug', {}, stripeTax)).text()).not.toContain(
      'tax-included',
    );
    expect(await (await checkout('/?product=poster')).text()).not.toContain('tax-included');
  });

  it('offers "Add promotion code" only where the page takes one, not in hosted mode', async () => {
    const addCode = /<button id="add-code"[^>]*>Add promotion code<\/button>/;
    expect(await (await checkout('/')).text()).toMatch(addCode);
    const hosted = await (await checkout('/', {}, { CHECKOUT_UI: 'hosted' })).text();
    expect(hosted).not.toContain('id="promo"');
    expect(hosted).not.toContain('Add promotion code');
  });

  it("writes hosted mode's own form: the country for a parcel, the note and Checkout", async () => {
    const form = async (path: string, language: string) => {
      const html = await (
        await checkout(
          path,
          { headers: { 'Accept-Language': language } },
          { CHECKOUT_UI: 'hosted' },
        )
      ).text();
      return /<form id="checkout" novalidate aria-busy="true">(.*?)<p id="message"/s.exec(
        html,
      )![1]!;
    };
    // No email, card form or Pay: Stripe's page asks for them. Checkout waits for its script.
    const shippable = await form('/?product=mug', 'de');
    expect(shippable).toBe(
      '<div class="field"><label for="ship-to">Land, in das wir Ihre Bestellung senden</label>' +
        '<select id="ship-to"><option value="US">Vereinigte Staaten<option value="DE">Deutschland' +
        '<option value="FR">Frankreich</select></div><p class="hint">Sie bezahlen auf der sicheren ' +
        'Seite von Stripe, wo Sie auch einen Aktionscode eingeben können.</p>' +
        '<button disabled>Zur Kasse</button>',
    );
    // A cart with nothing to send has the country's field hidden, until a parcel joins it.
    const plain = await form('/', 'en');
    expect(plain).toMatch(/^<div class="field" hidden><label for="ship-to">Country we send your/);
    expect(plain).toMatch(
      /<p class="hint">You pay on Stripe’s secure page, [^<]+<\/p><button disabled>Checkout<\/button>$/,
    );
    expect(await (await checkout('/')).text()).not.toContain('ship-to');
  });

  it("links the shop's logo at the static files' version, as the receipt does", async () => {
    const html = await (await checkout('/')).text();
    const header = /<header class="shop">(.*?)<\/header>/s.exec(html)![1]!;
    const logo = /<img src="([^"]+)"/.exec(header)![1]!;
    const icon = /<link rel="icon"[^>]* href="([^"]+)"/.exec(html)![1]!;
    expect(logo).toMatch(/\?v=[\w-]+$/);
    expect(logo.split('?')[1]).toBe(icon.split('?')[1]);
  });
});
