// The Checkout page. Prices come from GET /config and are decided again by the server; card
// details go to Stripe.js and never reach our server. Messages are set with textContent only.
// Built (minified) into public/checkout.js by scripts/build-client.mjs.
import type { Stripe, StripeElements, StripeError } from '@stripe/stripe-js';
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
  error?: { message: string; code?: string };
}

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
const newCheckout = () => {
  checkoutId = crypto.randomUUID();
};
newCheckout();

const total = () => product.unitAmount * Number(quantity.value);
// In the visitor's locale ("$5.00", "5,00 $"); amounts are in the currency's minor unit.
const money = (amount: number, currency: string) =>
  formatMoney(amount, currency, navigator.language);
const say = (text: string) => {
  message.textContent = text;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// While paying the button stays focusable (aria-disabled, not disabled) so that keyboard and screen
// reader users keep their place; pay() ignores it until the outcome is known.
function setBusy(paying: boolean) {
  busy = paying;
  payButton.ariaBusy = payButton.ariaDisabled = String(paying);
  payButton.textContent = `${paying ? 'Paying' : 'Pay'} ${money(total(), product.currency)}${paying ? '…' : ''}`;
}

function showTotal() {
  elements?.update({ amount: total() });
  if (!busy) setBusy(false); // a change while paying must not re-enable Pay
}

function checkEmail(): boolean {
  const ok = email.checkValidity();
  email.ariaInvalid = String(!ok);
  emailError.hidden = ok;
  return ok;
}

// POST /charge. When the outcome is unknown the same body is sent again: one checkout_id is charged at most once.
async function charge(body: object): Promise<ChargeAnswer> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch('/charge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer: ChargeAnswer | null = response && (await response.json().catch(() => null));
    if ((answer && answer.error?.code !== 'payment_unconfirmed') || attempt === 3) {
      return (
        answer ?? {
          error: {
            message:
              'We could not reach the shop. Trying again is safe: you will not be charged twice.',
          },
        }
      );
    }
    await sleep(1000 * 2 ** attempt);
  }
}

async function pay(event: SubmitEvent) {
  event.preventDefault();
  if (busy || !elements) return; // a double click or a repeated Enter pays once
  if (!checkEmail()) return email.focus();
  setBusy(true);
  say('');
  // The payment form shows its own field errors; a token is made only from complete card details.
  const submitted = await elements.submit();
  if (submitted.error) return setBusy(false);
  const { error, confirmationToken } = await stripe.createConfirmationToken({ elements });
  if (error) return (setBusy(false), say(error.message!));

  const details = `${quantity.value}|${email.value}`;
  if (order && details !== order) newCheckout(); // a different order is a new checkout
  order = details;
  const answer = await charge({
    checkout_id: checkoutId,
    product: product.id,
    quantity: Number(quantity.value),
    email: email.value,
    confirmation_token: confirmationToken.id,
    turnstile_token: new FormData(form).get('cf-turnstile-response'),
  });
  if (typeof turnstile === 'object') turnstile.reset(); // a Turnstile token is good for one request
  if (answer.redirect) return location.assign(answer.redirect);
  let failure = answer.error as ChargeAnswer['error'] | StripeError;
  if (answer.status === 'requires_action' && answer.client_secret) {
    const next = await stripe.handleNextAction({ clientSecret: answer.client_secret });
    if (!next.error) return location.assign(`/thank-you?payment_intent=${next.paymentIntent?.id}`);
    failure = next.error;
  }
  if (/^checkout_(changed|canceled)$/.test(failure?.code ?? '')) newCheckout();
  setBusy(false);
  say(failure?.message ?? '');
}

const load = (src: string) =>
  new Promise((resolve, reject) => {
    document.head.append(
      Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject }),
    );
  });

async function start() {
  const response = await fetch('/config');
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
  if (config.turnstileSiteKey) {
    const widget = Object.assign(document.createElement('div'), { className: 'cf-turnstile' });
    widget.dataset.sitekey = config.turnstileSiteKey;
    payButton.before(widget);
    load('https://challenges.cloudflare.com/turnstile/v0/api.js');
  }
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
email.addEventListener('blur', () => email.value && checkEmail());
start().catch(() => {
  panel.ariaBusy = 'false';
  say('The payment form could not load. Please check your connection and reload the page.');
});
