// The payment itself, a chunk of its own with its messages in every language: what runs once the
// customer clicks Pay (the email's check, the card's details submitted to Stripe.js, the
// ConfirmationToken, POST /charge and its answer, the bank's step (3-D Secure), a new price,
// Turnstile's challenge). The page fetches it at the customer's first sign of paying and awaits
// it at Pay, before anything is sent to the shop or to Stripe: a page left open across a deploy,
// whose chunks are gone, says it could not load, and nothing is paid. A page back from the bank
// unpaid loads it too (its message, and the customer pays again).
import type { Stripe, StripeElements, StripeError } from '@stripe/stripe-js';
import { isEmailAddress } from '../src/checkout/email';
import { declineKey } from '../src/stripe/decline-key';
import type { Key, t as Messages } from './messages';
import type { Answer, Body, Quote, Saved } from './order';
import type { ShippingForm } from './shipping';
import messages from 'messages:pay';
export { messages };

/**
 * What checkout.ts lends the payment: its state at the click, and what changes the page.
 * Keys listed in scripts/build-client.mjs's PAGE_PRIVATE_PROPS are minified.
 */
export interface PayPage {
  stripe: Stripe;
  elements: StripeElements;
  saved: Saved;
  /** The cart's latest price, the request for it under way, and the shipping form if any. */
  quote: () => Quote | undefined;
  quoting: () => Promise<unknown>;
  view: () => ShippingForm | undefined;
  /** Prices the cart again; shows a price. */
  requote: () => unknown;
  show: (quote: Quote) => void;
  /** Pay's states: busy paying, or not (Pay, or "Try again" for the same order). */
  setBusy: (paying: boolean) => void;
  /** Whether the quote is the whole price; the order as a request sends it, and to compare. */
  complete: () => boolean;
  details: () => string;
  items: () => unknown[];
  /** The `shipping` of a request, with the rate shown. */
  shipping: (rate?: string) => unknown;
  save: () => void;
  /** POST to the shop, within /charge's time (src/budget.ts), in the page's language. */
  post: (path: string, body: Body) => Promise<Answer>;
  /** Leaves for the receipt (the checkout ends). */
  done: (path: string) => void;
  say: (text: string) => void;
  failed: () => void;
  /** Loads a script (Turnstile's), and the site key when the shop has Turnstile. */
  load: (src: string) => unknown;
  siteKey?: string;
  t: typeof Messages;
}
declare const turnstile: { reset(): void } | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('checkout');
const email = $<HTMLInputElement>('email');
const emailError = $('email-error');

// The Worker's own rule (src/checkout/email.ts), so that the page never sends what it refuses.
// The error is an alert region the page has from the start (empty, it takes no room): a screen
// reader announces its words as they appear, which an element shown from `hidden` may not be.
function checkEmail(): boolean {
  const ok = isEmailAddress(email.value.trim());
  email.ariaInvalid = String(!ok);
  emailError.textContent = ok ? '' : emailError.dataset.error!;
  return ok;
}
// An error goes once the address is right; it never appears as the field is left, which would
// move Pay under a pointer on its way to it.
email.addEventListener('input', () => emailError.textContent && checkEmail());

/**
 * What a payment the bank's step left needing a card says (Stripe's error, or the PaymentIntent's
 * last_payment_error): a decline after the customer passed the bank's check in POST /charge's
 * words for it ("insufficient funds"), a failed check (or none said) "your bank did not confirm".
 * Both say "not charged".
 */
const refusedWith = (t: typeof Messages, error?: { code?: string; decline_code?: string } | null) =>
  t(
    !error?.code || error.code === 'payment_intent_authentication_failure'
      ? 'bankNotDone'
      : (declineKey(error.code, error.decline_code) as Key),
  );

/**
 * Back from the bank's page with Stripe's `redirect_status=failed` (checkout.ts): not charged,
 * and why, as Stripe tells the client secret; Stripe not answering, "did not confirm" stands.
 */
export async function refused(stripe: Stripe, secret: string, t: typeof Messages) {
  const read = await stripe.retrievePaymentIntent(secret).catch(() => undefined);
  $('message').textContent = refusedWith(t, read?.paymentIntent?.last_payment_error);
}

/** Whether an error of the bank's step is Stripe's word that nothing was charged. */
const refusal = (error: StripeError) =>
  error.type === 'card_error' || error.payment_intent?.status === 'requires_payment_method';

/**
 * Where a payment handed to the bank stands, by Stripe: refused (a new card is needed: not
 * charged), open (no answer from Stripe, or the bank's step not done: what the page says then)
 * or for its receipt to tell (paid, processing, to be confirmed by the shop, canceled).
 */
async function standing(
  stripe: Stripe,
  secret: string,
): Promise<'refused' | 'noAnswer' | 'bankOpen' | 'receipt'> {
  const { paymentIntent, error } = await stripe.retrievePaymentIntent(secret);
  if (error) return 'noAnswer';
  const { status } = paymentIntent;
  if (status === 'requires_payment_method') return 'refused';
  return status === 'requires_action' ? 'bankOpen' : 'receipt';
}

/** Pays for the cart once (the page ignores Pay while busy); `page.saved` says how it ended. */
export async function pay(page: PayPage) {
  const { saved, setBusy, save, say, t } = page;
  // What Pay said at the click: show() leaves its label alone while busy (checkout.ts set it so).
  // Spaces aside: the Worker's Intl and the browser's may space an amount differently.
  const label = () => $('pay').textContent!.replace(/\s/g, '');
  const seen = label();
  if (page.view()?.settle()) page.requote(); // an address typed a moment ago: priced now
  await page.quoting(); // the cart's latest price
  setBusy(false); // and Pay says the latest total, which show() left alone meanwhile
  if (!page.quote()) return page.requote();
  // A newer price came meanwhile: Pay says it now (the total announced), and the customer pays
  // it once seen, never a total that was not on Pay at the click.
  if (label() !== seen) return;
  if (!checkEmail()) return email.focus();
  setBusy(true);
  const quote = page.quote();
  const details = page.details();
  say('');
  let body = details === saved.sent && saved.resend;
  const { elements, stripe } = page;
  // The request's ConfirmationToken went to the bank's step (3-D Secure) and Stripe takes a token
  // once: Stripe says first where that payment stands. Refused, the card is asked for again (a new
  // token, the same checkout); otherwise the shop answers the request as it stands, its token
  // unused (the receipt, or the bank's step again).
  let refused = '';
  // A checkout this tab has not sent before: a duplicated tab's copy of it may be paid already.
  let first = false;
  if (body && saved.secret) {
    const { paymentIntent, error } = await stripe.retrievePaymentIntent(saved.secret);
    if (error) return (setBusy(false), say(t('noAnswer')));
    if (paymentIntent.status === 'requires_payment_method') {
      refused = refusedWith(t, paymentIntent.last_payment_error);
      body = saved.resend = saved.secret = undefined;
      save();
    }
  }
  if (!body) {
    // The payment form shows its own field errors; a token is made only from complete card details.
    const submitted = await elements.submit();
    if (submitted.error) return (setBusy(false), refused && say(refused));
    // An address the shop refused (its reason is beside the form): nothing to pay yet.
    if (!page.complete()) return (setBusy(false), say(page.view()?.why() ?? t('loadFailed')));
    const { error, confirmationToken } = await stripe.createConfirmationToken({ elements });
    if (error) return (setBusy(false), say(error.message!));
    // The cart changed meanwhile (its total, or a price on its way): Pay says the new one, unpaid.
    const now = page.quote();
    if (now?.total !== quote?.total || now?.currency !== quote?.currency) return setBusy(false);
    if (page.details() !== details) return setBusy(false);
    // Another order is another checkout, unless the last one's outcome is open ("Try again"): a
    // payment made without its answer must be found (the shop answers with its receipt), not
    // made twice; an unpaid one comes back checkout_changed, and a new checkout starts then.
    if (saved.sent && !saved.resend && page.details() !== saved.sent)
      saved.id = crypto.randomUUID();
    first = !saved.sent;
    saved.sent = page.details();
    const shown = page.quote()!;
    body = {
      checkout_id: saved.id,
      items: page.items(),
      promotion_code: saved.code,
      email: email.value,
      confirmation_token: confirmationToken.id,
      // The rate shown (picked, or the cheapest), so that the charge is the price shown.
      shipping: page.shipping(shown.shipping?.rate),
      // The total Pay says: the shop charges no other (409 price_changed, with the price now).
      expected_total: shown.total,
      expected_currency: shown.currency,
    };
  }
  // A resend keeps its security token (the server may verify it again), unless it was refused.
  body.turnstile_token ??= new FormData(form).get('cf-turnstile-response');
  // Kept before it is sent: if the answer never comes back (or the page is reloaded meanwhile),
  // the same request is what "Try again" sends.
  saved.resend = body;
  save();
  const answer = await page.post('/charge', body); // once per click
  if (typeof turnstile === 'object') turnstile.reset(); // a Turnstile token is good for one check
  const failure = answer.error;
  saved.resend =
    failure?.charged === 'unknown'
      ? { ...body, turnstile_token: failure.param ? null : body.turnstile_token }
      : undefined;
  if (!saved.resend) saved.secret = undefined; // the bank's step is settled
  save();
  // Paid already with another order, which this tab never sent: by another tab holding a copy of
  // this checkout (a duplicated tab copies its storage). The shop answers with that payment's
  // status only (no receipt_token); this order is not paid. A new checkout, paid at the next Pay.
  if (first && answer.redirect && !answer.redirect.includes('receipt_token=')) {
    saved.id = crypto.randomUUID();
    saved.sent = undefined;
    save();
    return (setBusy(false), say(t('paidElsewhere')));
  }
  if (answer.redirect) return page.done(answer.redirect);
  let problem = failure;
  const secret = answer.client_secret;
  if (answer.status === 'requires_action' && secret) {
    // The bank's step (Stripe's 3-D Secure page, or its redirect). Its outcome is open until Stripe
    // answers: a page reloaded meanwhile asks the shop with the same request ("Try again").
    saved.secret = secret;
    saved.resend = body;
    save();
    const next = await stripe.handleNextAction({ clientSecret: secret });
    // As Stripe's own return URL: the client secret proves the receipt is the customer's.
    const id = secret.split('_secret_')[0];
    const receipt = `/thank-you?payment_intent=${id}&payment_intent_client_secret=${secret}`;
    if (!next.error) return page.done(receipt);
    // A card's refusal, or the PaymentIntent back to needing a card, is Stripe's word: not charged.
    // Any other error (Stripe or the network failing while the bank's step was open) says nothing
    // of a payment that may have gone through: Stripe is asked first, as "Try again" asks.
    const stands = refusal(next.error) ? 'refused' : await standing(stripe, secret);
    if (stands === 'receipt') return page.done(receipt);
    // Open: "Try again" asks again.
    if (stands !== 'refused') return (setBusy(false), say(t(stands)));
    // Refused: the shop's words, which say "not charged" (Stripe.js's own say nothing of it).
    problem = { message: refusedWith(t, refusal(next.error) ? next.error : null) };
    saved.secret = saved.resend = undefined;
  }
  const code = problem?.code;
  // Not charged, and this checkout's order cannot be paid as it stands: a new checkout.
  if (/^(checkout_(changed|canceled)|price_changed)$/.test(code ?? ''))
    saved.id = crypto.randomUUID();
  // Closed by its declines (never with a payment open: charged false), the checkout gives way: the
  // next Pay, with another card, starts a new one, as the message says.
  if (code === 'too_many_declines' && failure?.charged === false) saved.id = crypto.randomUUID();
  if (failure?.param === 'promotion_code') {
    // The code stopped applying: the price without it, for the customer to accept by paying.
    saved.code = '';
    $('code-note')?.replaceChildren(); // the code's form, if it loaded
  }
  // The price now (the code's, or a price, rate or tax that changed), shown with Pay's new total
  // before the customer pays it; a changed checkout's is asked for.
  if (failure?.quote) page.show(failure.quote);
  else if (code === 'checkout_changed') page.requote();
  const { siteKey } = page;
  if (problem?.code === 'turnstile_required' && siteKey)
    // Its chunk or Turnstile's script not arriving says the page could not load; Pay works again.
    import('./turnstile')
      .then((widget) => widget.challenge($<HTMLButtonElement>('pay'), siteKey, page.load))
      .catch(page.failed);
  save();
  setBusy(false);
  // A refusal of charged false says so, as the shop's HTML problem page does: the customer has
  // just clicked Pay (a shipping field's, a cart's or an email's refusal lacks the sentence).
  const said = problem?.message ?? '';
  const none = t('common.notCharged');
  const text = failure?.charged === false && !said.includes(none) ? `${said} ${none}` : said;
  const param = failure?.param ?? '';
  if (param.startsWith('shipping')) return page.view()?.problem(param, text);
  say(text);
}
