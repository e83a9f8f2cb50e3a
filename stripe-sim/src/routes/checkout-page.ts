import { Hono } from 'hono';
import { originOf, paymentContext, type SimContext, type SimEnv } from '../context';
import {
  applyPromotionCode,
  type Form,
  pay,
  removePromotionCode,
  saveDetails,
} from '../checkout/hosted';
import { paymentIntentOf } from '../checkout/lifecycle';
import type { StoredSession } from '../checkout/stored';
import { checkoutPage, closedPage, type PageState } from '../pages/checkout';
import { PAGE_HEADERS } from '../pages/layout';
import { messagePage } from '../pages/three-d-secure';

/**
 * The hosted Checkout page, at a session's `url` (`/c/pay/:id`), and the form posts it makes:
 * `promotion_code`, `details` (address and shipping rate) and `pay`; `return` is where 3-D Secure
 * comes back to. Every post answers with a redirect (303) when it worked, or the page again with
 * what went wrong. Nothing here is an API request, so the events it causes carry no `request`.
 */

/** The customer's changes, made outside the API. */
const pageContext = (c: SimContext) => ({ ...paymentContext(c), request: null });

/** Where to send the customer once paid: success_url with the session id filled in. */
const successUrl = (session: StoredSession) =>
  session.success_url?.replaceAll('{CHECKOUT_SESSION_ID}', session.id) ?? null;

const pagePath = (session: StoredSession, anchor = '') => `/c/pay/${session.id}${anchor}`;

/** The form fields posted (files are not expected, and ignored). */
async function formOf(c: SimContext): Promise<Form> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** What the customer reads after a decline or a failed authentication. */
const notCharged = (reason: string) => `${reason} You have not been charged. Try another card.`;

/** The form's values worth showing again: never card details. */
const echo = (form: Form): Form =>
  Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith('card_')));

/** A page answer (pages may render asynchronously). */
type Answer = Response | Promise<Response>;
const isSession = (value: StoredSession | Answer): value is StoredSession =>
  !(value instanceof Response) && !(value instanceof Promise);

/**
 * The page again, with what went wrong. Always a 200: the page is what answers the customer, and
 * browsers report any 4xx document as an error in the console.
 */
function render(c: SimContext, session: StoredSession, state: PageState = {}): Answer {
  return c.html(checkoutPage(session, c.var.sim.store, state), 200, PAGE_HEADERS);
}

/** The session of the URL, or the "not found" page. */
function sessionOf(c: SimContext): StoredSession | Answer {
  const session = c.var.sim.store.get('checkout.session', c.req.param('id') ?? '');
  return (
    session ??
    c.html(
      messagePage('Checkout not found', 'There is no checkout at this address.'),
      404,
      PAGE_HEADERS,
    )
  );
}

/**
 * The session of the URL if it is still open; otherwise the answer to give instead: a paid one
 * sends the customer on to success_url (a second click on Pay charges nothing twice), an expired
 * one says so.
 */
function openSession(c: SimContext): StoredSession | Answer {
  const session = sessionOf(c);
  if (!isSession(session)) return session;
  const success = successUrl(session);
  if (session.status === 'complete' && success) return c.redirect(success, 303);
  if (session.status !== 'open') return c.html(closedPage(session, success), 200, PAGE_HEADERS);
  return session;
}

/** Routes of /c/pay: the hosted Checkout page of each session. */
export const hostedCheckout = new Hono<SimEnv>()
  .get('/:id', (c) => {
    const session = sessionOf(c);
    if (!isSession(session)) return session;
    if (session.status !== 'open')
      return c.html(closedPage(session, successUrl(session)), 200, PAGE_HEADERS);
    return render(c, session);
  })
  .post('/:id/promotion_code', async (c) => {
    const form = await formOf(c);
    const session = openSession(c);
    if (!isSession(session)) return session;
    const result =
      form.action === 'remove'
        ? removePromotionCode(pageContext(c), session)
        : applyPromotionCode(pageContext(c), session, form.code ?? '');
    if ('errors' in result)
      return render(c, session, { errors: result.errors, values: echo(form) });
    return c.redirect(pagePath(session), 303);
  })
  .post('/:id/details', async (c) => {
    const form = await formOf(c);
    const session = openSession(c);
    if (!isSession(session)) return session;
    const result = saveDetails(pageContext(c), session, form);
    if ('errors' in result)
      return render(c, session, { errors: result.errors, values: echo(form) });
    return c.redirect(pagePath(session, '#payment-title'), 303);
  })
  .post('/:id/pay', async (c) => {
    const form = await formOf(c);
    const session = openSession(c);
    if (!isSession(session)) return session;
    const returnUrl = `${originOf(c)}/c/pay/${session.id}/return`;
    const outcome = pay(pageContext(c), session, form, returnUrl);
    const current = () => c.var.sim.store.get('checkout.session', session.id) as StoredSession;
    switch (outcome.kind) {
      case 'complete':
        return successUrl(outcome.session)
          ? c.redirect(successUrl(outcome.session) as string, 303)
          : c.html(closedPage(outcome.session, null), 200, PAGE_HEADERS);
      case 'authenticate':
        return c.redirect(outcome.url, 303);
      case 'declined':
        return render(c, current(), { notice: notCharged(outcome.message), values: echo(form) });
      case 'invalid':
        return render(c, current(), { errors: outcome.errors, values: echo(form) });
    }
  })
  .get('/:id/return', (c) => {
    // A payment that succeeded has completed the session already (checkout/lifecycle.ts).
    const session = openSession(c);
    if (!isSession(session)) return session;
    const pi = paymentIntentOf(c.var.sim.store, session);
    const failure = pi?.last_payment_error?.message;
    return render(c, session, failure ? { notice: notCharged(failure) } : {});
  });
