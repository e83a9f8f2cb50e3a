/**
 * Stripe for the sweep. A cron run has no request whose address could show that it runs on this
 * machine, which is how a request may use the simulator (src/config). So the sweep uses a loopback
 * STRIPE_API_BASE (test keys only, as for requests): only a Worker on this machine can reach it,
 * since Cloudflare refuses a deployed Worker's fetch to an IP address, and a deployed Worker so
 * configured has refused every payment, so there is nothing to reconcile.
 */
import { isLoopback, readVar, resolvePaymentConfig, type PaymentConfig } from '../config';
import { stripeBudget, type StripeBudget } from '../stripe/call';
import { stripeFor, type Stripe } from '../stripe/client';
import { newWaits } from '../timing';
import { SWEEP_RESERVE, SWEEP_SUBREQUESTS } from './budget';

/**
 * The steps' pool: Stripe attempts (retries included) and D1 statements alike, so at most this
 * many Stripe calls; with the reserve, a run's SWEEP_SUBREQUESTS (./budget.ts).
 */
export const SWEEP_STRIPE_CALLS = SWEEP_SUBREQUESTS - SWEEP_RESERVE;

/** The address the sweep's configuration is resolved for. */
function sweepUrl(env: Env): URL {
  const base = readVar(env, 'STRIPE_API_BASE');
  try {
    if (base && isLoopback(new URL(base).hostname)) return new URL('http://127.0.0.1/');
  } catch {
    // not a URL: resolvePaymentConfig says so
  }
  return new URL('https://scheduled.invalid/');
}

/** The sweep's Stripe client and its budget of calls, or why there is none. */
export async function sweepStripe(
  env: Env,
): Promise<{ stripe: Stripe; budget: StripeBudget; config: PaymentConfig } | { error: string }> {
  const config = resolvePaymentConfig(env, sweepUrl(env));
  if (!config.ok) return { error: config.detail };
  return {
    stripe: await stripeFor(config),
    // A cron run has no response to carry Server-Timing: its tally is kept by nobody.
    budget: stripeBudget(env, newWaits(), SWEEP_STRIPE_CALLS),
    config,
  };
}
