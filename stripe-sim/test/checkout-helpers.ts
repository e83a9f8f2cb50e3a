import type Stripe from 'stripe';
import { ORIGIN, simFetch, stripeClient } from './helpers';

/** Helpers of the Checkout tests: sessions to pay, and the hosted page's form posts. */

const stripe = stripeClient();

export const SUCCESS_URL = 'https://shop.test/thank-you?session_id={CHECKOUT_SESSION_ID}';
export const CANCEL_URL = 'https://shop.test/cart';

/** A line of `quantity` × `unitAmount` of a product called `name`. */
export const line = (
  name: string,
  unitAmount: number,
  quantity = 1,
  extra: Partial<Stripe.Checkout.SessionCreateParams.LineItem.PriceData> = {},
): Stripe.Checkout.SessionCreateParams.LineItem => ({
  price_data: { currency: 'usd', unit_amount: unitAmount, product_data: { name }, ...extra },
  quantity,
});

/** A shipping option at a fixed amount in USD. */
export const shippingOption = (
  name: string,
  amount: number,
  extra: Partial<Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData> = {},
): Stripe.Checkout.SessionCreateParams.ShippingOption => ({
  shipping_rate_data: {
    display_name: name,
    type: 'fixed_amount',
    fixed_amount: { amount, currency: 'usd' },
    ...extra,
  },
});

/** A payment-mode session for two mugs and a poster, with the given parameters on top. */
export const createSession = (params: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: SUCCESS_URL,
    cancel_url: CANCEL_URL,
    line_items: [line('Mug', 1500, 2), line('Poster', 999)],
    ...params,
  });

/** A form post to the hosted page (as a browser without JavaScript makes it); redirects not followed. */
export const postForm = (path: string, fields: Record<string, string>) =>
  simFetch(path.startsWith('http') ? path : `${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

/** Loads a page of the simulator (redirects not followed). */
export const getPage = (url: string) => simFetch(url, { redirect: 'manual' });

/** The card form filled in as a customer does, for the total the page shows. */
export async function payWith(
  session: Stripe.Checkout.Session,
  cardNumber: string,
  extra: Record<string, string> = {},
) {
  const current = await stripe.checkout.sessions.retrieve(session.id);
  return postForm(`/c/pay/${session.id}/pay`, {
    amount: String(current.amount_total),
    email: 'ada@example.com',
    card_number: cardNumber,
    card_expiry: '12 / 34',
    card_cvc: '123',
    ...extra,
  });
}

/** Gives the shipping address (and rate) on the page. */
export const shipTo = (session: Stripe.Checkout.Session, fields: Record<string, string>) =>
  postForm(`/c/pay/${session.id}/details`, {
    shipping_name: 'Ada Lovelace',
    shipping_line1: '1 Main Street',
    shipping_city: 'Springfield',
    ...fields,
  });

/** The types of the events since the reset, oldest first. */
export async function eventTypes(): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data.map((event) => event.type).reverse();
}

/** Where a 303 answer sends the browser. */
export const location = (response: Response) => response.headers.get('Location');

/** The text of a page, its tags removed and its whitespace collapsed. */
export const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
