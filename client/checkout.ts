// The Checkout page. Prices come from GET /config and are decided again by the server; card
// details go to Stripe.js and never reach our server. Messages are set with textContent only.
// Built (minified) into public/checkout.js by scripts/build-client.mjs.
import type { Stripe, StripeElements, StripeError } from '@stripe/stripe-js';
import { CHARGE_TIMEOUT_MS, CONFIG_TIMEOUT_MS } from '../src/budget';
import { isEmailAddress } from '../src/checkout/email';
import { formatMoney } from '../src/money/format.js';

interface Product {
  id: string;
  name: string;
  description: string;
  unitAmount: number;
  currency: string;
}
interface Config {
  mode: 'simulated' | 'test' | 'live';
  publishableKey: string;
  stripeJs: string;
  maxQuantity: number;
  products: Product[];
  turnstileSiteKey?: string;
}
declare const turnstile: { reset(): void } | undefined;
interface ChargeAnswer {
  status?: string;
  redirect?: string;
  client_secret?: string;
  error?: { message: string; code?: string; param?: string; charged?: false | 'unknown' };
}
type ChargeBody = Record<string, unknown>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('checkout');
const payButton = $<HTMLButtonElement>('pay');
const message = $('message');
const quantity = $<HTMLSelectElement>('quantity');
const email = $<HTMLInputElement>('email');
const emailError = $('email-error');
const panel = form.parentElement!;
let stripe: Stripe;
let elements: StripeElements | undefined;
let product: Product;
let order = '';
let checkoutId: string;
let busy = false;
let turnstileSiteKey: string | undefined;
// The request whose outcome is unknown: "Try again" sends it unchanged (Stripe replays its answer).
let resend: ChargeBody | null = null;
const newCheckout = () => {
  checkoutId = crypto.randomUUID();
};
newCheckout();

const total = () => product.unitAmount * Number(quantity.value);
const details = () => `${quantity.value}|${email.value}`;
// In the visitor's locale ("$5.00", "5,00 $"); amounts are in the currency's minor unit.
const money = (amount: number, currency: string) =>
  formatMoney(amount, currency, navigator.language);
const say = (text: string) => {
  message.textContent = text;
};

// While paying the button stays focusable (aria-disabled, not disabled) so that keyboard and screen
// reader users keep their place; pay() ignores it until the outcome is known.
function setBusy(paying: boolean) {
  busy = paying;
  payButton.ariaBusy = payButton.ariaDisabled = String(paying);
  payButton.textContent =
    resend && !paying && details() === order
      ? 'Try again'
      : `${paying ? 'Paying' : 'Pay'} ${money(total(), product.currency)}${paying ? '…' : ''}`;
}

function showTotal() {
  elements?.update({ amount: total() });
  if (!busy) setBusy(false); // a change while paying must not re-enable Pay
}

// The Worker's own rule (src/checkout/email.ts), so that the page never sends what it refuses.
function checkEmail(): boolean {
  const ok = isEmailAddress(email.value.trim());
  email.ariaInvalid = String(!ok);
  emailError.hidden = ok;
  return ok;
}

// POST /charge, once per click, answered within CHARGE_TIMEOUT_MS (src/budget.ts): no answer in
// time is an unknown outcome, which the customer may settle with "Try again".
async function charge(body: ChargeBody): Promise<ChargeAnswer> {
  try {
    const response = await fetch('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CHARGE_TIMEOUT_MS),
    });
    return await response.json();
  } catch {
    return {
      error: {
        message:
          'We could not get an answer from the shop, so your payment is not confirmed. ' +
          'Trying again is safe: this checkout can never be charged twice.',
        charged: 'unknown',
      },
    };
  }
}

async function pay(event: SubmitEvent) {
  event.preventDefault();
  if (busy || !elements) return; // a double click or a repeated Enter pays once
  if (!checkEmail()) return email.focus();
  setBusy(true);
  say('');
  let body = details() === order && resend;
  if (!body) {
    // The payment form shows its own field errors; a token is made only from complete card details.
    const submitted = await elements.submit();
    if (submitted.error) return setBusy(false);
    const { error, confirmationToken } = await stripe.createConfirmationToken({ elements });
    if (error) return (setBusy(false), say(error.message!));
    if (order && details() !== order) newCheckout(); // a different order is a new checkout
    order = details();
    body = {
      checkout_id: checkoutId,
      product: product.id,
      quantity: Number(quantity.value),
      email: email.value,
      confirmation_token: confirmationToken.id,
    };
  }
  // A resend keeps its security token (the server may verify it again), unless it was refused.
  body.turnstile_token ??= new FormData(form).get('cf-turnstile-response');
  const answer = await charge(body);
  if (typeof turnstile === 'object') turnstile.reset(); // a Turnstile token is good for one check
  const failure = answer.error;
  resend =
    failure?.charged === 'unknown'
      ? { ...body, turnstile_token: failure.param ? null : body.turnstile_token }
      : null;
  if (answer.redirect) return location.assign(answer.redirect);
  let problem = failure as ChargeAnswer['error'] | StripeError;
  if (answer.status === 'requires_action' && answer.client_secret) {
    const next = await stripe.handleNextAction({ clientSecret: answer.client_secret });
    // As Stripe's own return URL: the client secret proves the receipt is the customer's.
    if (!next.error)
      return location.assign(
        `/thank-you?payment_intent=${next.paymentIntent?.id}` +
          `&payment_intent_client_secret=${answer.client_secret}`,
      );
    problem = next.error;
  }
  if (/^checkout_(changed|canceled)$/.test(problem?.code ?? '')) newCheckout();
  if (problem?.code === 'turnstile_required') showChallenge();
  setBusy(false);
  say(problem?.message ?? '');
}

const load = (src: string) =>
  new Promise((resolve, reject) => {
    document.head.append(
      Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject }),
    );
  });

// Cloudflare Turnstile, shown once the shop asks for it (after a decline from this network).
function showChallenge() {
  if (!turnstileSiteKey || form.querySelector('.cf-turnstile')) return;
  const widget = Object.assign(document.createElement('div'), { className: 'cf-turnstile' });
  widget.dataset.sitekey = turnstileSiteKey;
  payButton.before(widget);
  load('https://challenges.cloudflare.com/turnstile/v0/api.js');
}

async function start() {
  const response = await fetch('/config', { signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS) });
  const config = await response.json();
  panel.ariaBusy = 'false'; // the rest of the page appears at once, under the heading: nothing jumps
  if (!response.ok) return say(config.error.message);
  const { products } = config as Config;
  // One product per page; link to /?product=<id> to sell another one from the catalog.
  product =
    products.find((p) => p.id === new URLSearchParams(location.search).get('product')) ??
    products[0]!;
  $('name').textContent = product.name;
  $('description').textContent = product.description;
  $('unit').textContent = `× ${money(product.unitAmount, product.currency)}`;
  quantity.replaceChildren(
    ...Array.from({ length: config.maxQuantity }, (_, i) => new Option(String(i + 1))),
  );
  if (config.mode !== 'live') {
    const banner = $('banner');
    banner.hidden = false;
    banner.textContent =
      `${config.mode === 'simulated' ? 'Simulated' : 'Test'} payments only: no money moves. ` +
      'Use card 4242 4242 4242 4242, any future date, any CVC.';
  }
  showTotal();
  turnstileSiteKey = config.turnstileSiteKey;
  await load(config.stripeJs);
  stripe = window.Stripe!(config.publishableKey);
  elements = stripe.elements({ mode: 'payment', amount: total(), currency: product.currency });
  const element = elements.create('payment');
  element.on('ready', () => {
    $('payment-element').ariaBusy = 'false';
    payButton.disabled = false;
  });
  element.mount('#payment-element');
}

form.addEventListener('submit', pay);
quantity.addEventListener('change', showTotal);
email.addEventListener('change', () => elements && showTotal()); // Pay or Try again
email.addEventListener('blur', () => email.value && checkEmail());
start().catch(() => {
  panel.ariaBusy = 'false';
  say('The payment form could not load. Please check your connection and reload the page.');
});
