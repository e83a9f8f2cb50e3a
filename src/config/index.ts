/**
 * Payment configuration: which Stripe account, which mode, and whether payments may be taken at all.
 *
 * Modes:
 * - `simulated`: STRIPE_API_BASE points at a loopback address (the project's Stripe simulator).
 *   Only test keys, and only for requests that themselves arrive on a loopback address, so a
 *   deployed Worker can never run against the simulator.
 * - `test` / `live`: Stripe itself (or a Stripe-compatible HTTPS proxy), chosen by the key prefix.
 * Anything missing, malformed or mismatched refuses payments with a reason meant for the log.
 */
// .js: test/deploy type-checks this file with Node's module resolution (src/memo.ts is meant).
import { memo } from '../memo.js';
import { amountStep } from '../money/format.js';

export type Mode = 'simulated' | 'test' | 'live';

/**
 * Whose payment form the customer fills in (CHECKOUT_UI): `elements` (the default), our page with
 * Stripe's Payment Element; `hosted`, Stripe's own Checkout page (a Checkout Session).
 */
export type CheckoutUi = 'elements' | 'hosted';
const CHECKOUT_UIS: readonly CheckoutUi[] = ['elements', 'hosted'];
/**
 * How tax is charged (TAX_CALCULATION): `none` (the default) or `stripe` (Stripe Tax). Anything
 * else refuses payments (resolveCheckoutConfig): a mistyped `Stripe` must not quietly charge no tax.
 */
const TAX_CALCULATIONS: readonly string[] = ['none', 'stripe'];

export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface PaymentConfig {
  ok: true;
  mode: Mode;
  /** Our page with the Payment Element, or Stripe's hosted Checkout (CHECKOUT_UI). */
  ui: CheckoutUi;
  secretKey: string;
  publishableKey: string;
  /** Where stripe-node sends requests; undefined means api.stripe.com. */
  endpoint?: StripeEndpoint;
  /** Stripe.js for the page: the simulator's copy in simulated mode. */
  stripeJs: string;
  /** Origins the Checkout page may load Stripe from (for the Content-Security-Policy). */
  stripeOrigins: { script: string[]; frame: string[]; connect: string[] };
}

export interface PaymentConfigError {
  ok: false;
  /** `not_configured`: a secret is missing. `misconfigured`: present but unusable. */
  reason: 'not_configured' | 'misconfigured';
  /** For the operator's log; never shown to customers (it may name a variable, never a value). */
  detail: string;
}

const SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/;
const PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9_]+$/;
const STRIPE_JS = 'https://js.stripe.com/v3/';
/**
 * Stripe's origins for Stripe.js and its Elements, as Stripe's CSP guide lists them
 * (docs.stripe.com/security/guide#content-security-policy): Stripe.js and the frames it serves
 * from js.stripe.com and its subdomains, 3-D Secure and redirects through hooks.stripe.com, its
 * API. The Address Element's Google Maps, which the guide lists too, is added by the policy
 * (src/middleware/security-headers). Every policy outside simulated mode uses this one list.
 */
export const STRIPE_ORIGINS = {
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
};
/**
 * With Stripe's hosted Checkout, a form post is answered with a redirect to the Session's page,
 * which the Content-Security-Policy's form-action (built from `frame`) must allow.
 */
const HOSTED_ORIGINS = {
  ...STRIPE_ORIGINS,
  frame: [...STRIPE_ORIGINS.frame, 'https://checkout.stripe.com'],
};

/** True for hostnames that can only be reached on this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Reads a variable that may be absent or blank at run time, whatever the generated types say. */
export function readVar(env: object, name: string): string | undefined {
  const value: unknown = (env as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Decides the payment configuration for one request. Pure: reads `env` and the request URL only.
 * @param requestUrl the URL the customer reached; simulated mode requires it to be loopback.
 */
export function resolvePaymentConfig(
  env: object,
  requestUrl: URL,
): PaymentConfig | PaymentConfigError {
  return decided(
    readVar(env, 'STRIPE_SECRET_KEY') ?? '',
    readVar(env, 'STRIPE_PUBLISHABLE_KEY') ?? '',
    readVar(env, 'STRIPE_API_BASE') ?? '',
    isLoopback(requestUrl.hostname) ? 'loopback' : 'remote',
    readVar(env, 'CHECKOUT_UI') ?? 'elements',
  );
}

/** Why a checkout refuses an unknown TAX_CALCULATION (one object: decided once, like the rest). */
const TAX_REFUSED: PaymentConfigError = {
  ok: false,
  reason: 'misconfigured',
  detail: 'TAX_CALCULATION must be none or stripe',
};

/**
 * The payment configuration where a payment or quote is priced (the payment-config middleware and
 * GET /config's fast path): also refuses a TAX_CALCULATION other than none or stripe, which would
 * quietly charge no tax, and Stripe Tax for a shop shipping in a currency Stripe takes only in
 * steps (KWD, ISK…): its tax makes totals off the step, which Stripe refuses and the shop cannot
 * round (the tax transaction must equal the charge). Refunds, the webhook and the sweep price
 * nothing and use resolvePaymentConfig, so a typo there never stops them.
 * @param shippedIn the shipping's currency (SHIPPING.currency): only shipped carts are taxed
 */
export function resolveCheckoutConfig(
  env: object,
  requestUrl: URL,
  shippedIn: string,
): PaymentConfig | PaymentConfigError {
  const config = resolvePaymentConfig(env, requestUrl);
  if (!config.ok) return config;
  const tax = readVar(env, 'TAX_CALCULATION') ?? 'none';
  if (!TAX_CALCULATIONS.includes(tax)) return TAX_REFUSED;
  return tax === 'stripe' && amountStep(shippedIn) > 1
    ? { ...TAX_REFUSED, detail: `TAX_CALCULATION must be none in ${shippedIn}` }
    : config;
}

/**
 * The decision for one set of variables (absent ones are '') and one kind of request address.
 * It is the same for every request that has them, so `decided` makes it once per isolate (its
 * regular expressions and URL parsing would otherwise be paid by every request) and shares it:
 * read it, never change it.
 */
function decide(
  secretKey: string,
  publishableKey: string,
  apiBase: string,
  requestAddress: 'loopback' | 'remote',
  checkoutUi: string,
): PaymentConfig | PaymentConfigError {
  const refuse = (reason: PaymentConfigError['reason'], detail: string): PaymentConfigError => ({
    ok: false,
    reason,
    detail,
  });

  if (!secretKey) return refuse('not_configured', 'STRIPE_SECRET_KEY is not set');
  if (!publishableKey) return refuse('not_configured', 'STRIPE_PUBLISHABLE_KEY is not set');
  const secret = SECRET_KEY.exec(secretKey);
  if (!secret)
    return refuse(
      'misconfigured',
      'STRIPE_SECRET_KEY is not a Stripe secret key (sk_test_, sk_live_, rk_test_ or rk_live_)',
    );
  const publishable = PUBLISHABLE_KEY.exec(publishableKey);
  if (!publishable)
    return refuse(
      'misconfigured',
      'STRIPE_PUBLISHABLE_KEY is not a Stripe publishable key (pk_test_ or pk_live_)',
    );
  const ui = CHECKOUT_UIS.find((known) => known === checkoutUi);
  if (!ui) return refuse('misconfigured', 'CHECKOUT_UI must be elements or hosted');
  const live = secret[2] === 'live';
  if (live !== (publishable[1] === 'live')) {
    return refuse(
      'misconfigured',
      `STRIPE_SECRET_KEY is a ${secret[2]} key but STRIPE_PUBLISHABLE_KEY is a ${publishable[1]} key`,
    );
  }

  if (!apiBase) {
    return {
      ok: true,
      mode: live ? 'live' : 'test',
      ui,
      secretKey,
      publishableKey,
      stripeJs: STRIPE_JS,
      stripeOrigins: ui === 'hosted' ? HOSTED_ORIGINS : STRIPE_ORIGINS,
    };
  }

  let base: URL;
  try {
    base = new URL(apiBase);
  } catch {
    return refuse('misconfigured', 'STRIPE_API_BASE is not a URL');
  }
  if (
    (base.protocol !== 'http:' && base.protocol !== 'https:') ||
    base.pathname !== '/' ||
    base.search ||
    base.username
  ) {
    return refuse(
      'misconfigured',
      'STRIPE_API_BASE must be an origin such as https://stripe-proxy.example.com',
    );
  }
  const protocol = base.protocol === 'https:' ? 'https' : 'http';
  const endpoint: StripeEndpoint = {
    host: base.hostname,
    port: Number(base.port) || (protocol === 'https' ? 443 : 80),
    protocol,
  };

  if (!isLoopback(base.hostname)) {
    // A proxy or another Stripe-compatible server: keys cross the network, so TLS is required.
    if (protocol !== 'https')
      return refuse(
        'misconfigured',
        'STRIPE_API_BASE must use https unless it is a loopback address',
      );
    return {
      ok: true,
      mode: live ? 'live' : 'test',
      ui,
      secretKey,
      publishableKey,
      endpoint,
      stripeJs: STRIPE_JS,
      stripeOrigins: ui === 'hosted' ? HOSTED_ORIGINS : STRIPE_ORIGINS,
    };
  }

  if (live)
    return refuse(
      'misconfigured',
      'live keys cannot be used with a loopback STRIPE_API_BASE (the simulator is test mode only)',
    );
  if (requestAddress !== 'loopback') {
    return refuse(
      'misconfigured',
      'STRIPE_API_BASE points at a loopback simulator, which only serves local development',
    );
  }
  const origin = base.origin;
  return {
    ok: true,
    mode: 'simulated',
    ui,
    secretKey,
    publishableKey,
    endpoint,
    stripeJs: `${origin}/v3/`,
    stripeOrigins: { script: [origin], frame: [origin], connect: [origin] },
  };
}

const decided = memo(8, decide);
