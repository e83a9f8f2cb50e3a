import type { MiddlewareHandler } from 'hono';
import {
  readVar,
  resolvePaymentConfig,
  STRIPE_ORIGINS,
  type PaymentConfig,
  type PaymentConfigError,
} from '../../config';
import type { AppEnv } from '../../types';
import { requestUrl } from '../request-url';

/**
 * Google Maps, which Stripe's Address Element uses for address autocomplete: its script and its
 * API, as Stripe's CSP guide lists them (docs.stripe.com/security/guide#content-security-policy).
 * Not in simulated mode: the simulated Address Element autocompletes nothing.
 */
const ADDRESS_AUTOCOMPLETE = 'https://maps.googleapis.com';

/** Cloudflare Turnstile's script and widget frame, allowed when Turnstile is configured. */
const TURNSTILE = 'https://challenges.cloudflare.com';

/**
 * The Content-Security-Policy for this deployment: this origin, plus Stripe's script, frame and API
 * origins (the simulator's origin instead, in simulated mode). No inline script or style anywhere.
 */
export function contentSecurityPolicy(
  stripe: { script: string[]; frame: string[]; connect: string[] },
  simulated: boolean,
  turnstile = false,
): string {
  const maps = simulated ? [] : [ADDRESS_AUTOCOMPLETE];
  const origins = {
    script: [...stripe.script, ...maps, ...(turnstile ? [TURNSTILE] : [])],
    frame: [...stripe.frame, ...(turnstile ? [TURNSTILE] : [])],
    connect: [...stripe.connect, ...maps],
  };
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${origins.script.join(' ')}`,
    // The simulated Stripe.js links its own stylesheet; real Stripe Elements style inside their frames.
    `style-src 'self'${simulated ? ` ${stripe.script.join(' ')}` : ''}`,
    `frame-src ${origins.frame.join(' ')}`,
    `connect-src 'self' ${origins.connect.join(' ')}`,
    `img-src 'self' data:${simulated ? '' : ' https://*.stripe.com'}`,
    // A form post may be redirected to the bank's 3-D Secure page.
    `form-action 'self' ${stripe.frame.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ];
  if (!simulated) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

type Origins = Parameters<typeof contentSecurityPolicy>[0];
/**
 * Each policy built, by its origins (a configuration's, decided once per isolate, or Stripe's when
 * no configuration says otherwise: a page can still show its 503) and flags: the same string for
 * every request of that configuration, so it is joined only once.
 */
const policies = new WeakMap<Origins, string[]>();
function policyFor(origins: Origins, simulated: boolean, turnstile: boolean): string {
  const built = policies.get(origins) ?? [];
  policies.set(origins, built);
  return (built[Number(simulated) * 2 + Number(turnstile)] ??= contentSecurityPolicy(
    origins,
    simulated,
    turnstile,
  ));
}

/**
 * Writes the security headers of a response for this deployment (its payment configuration, or the
 * refusal of one, and Turnstile's setting): the middleware below on every response, and GET
 * /config's answer once per isolate (checkout/config.ts).
 */
export function writeSecurityHeaders(
  headers: Headers,
  env: object,
  config: PaymentConfig | PaymentConfigError,
): void {
  const simulated = config.ok && config.mode === 'simulated';
  const turnstile = readVar(env, 'TURNSTILE_SITE_KEY') !== undefined;
  headers.set(
    'Content-Security-Policy',
    policyFor(config.ok ? config.stripeOrigins : STRIPE_ORIGINS, simulated, turnstile),
  );
  headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set(
    'Referrer-Policy',
    headers.get('Referrer-Policy') ?? 'strict-origin-when-cross-origin',
  );
  headers.set(
    'Permissions-Policy',
    'payment=(self "https://js.stripe.com"), camera=(), microphone=(), geolocation=(), interest-cohort=()',
  );
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
}

/**
 * Security headers on every response, static assets included (they are served through the Worker).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    await next();
    // Payment routes resolved it already (payment-config middleware); other routes resolve it here.
    const config = c.get('payment') ?? resolvePaymentConfig(c.env, requestUrl(c));
    writeSecurityHeaders(c.res.headers, c.env, config);
  };
}
