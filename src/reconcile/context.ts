/** What the steps of one reconciliation run share. */
import { recordPayment } from '../fulfilment';
import type { Cause, Order, TransitionOptions, TransitionResult } from '../ledger';
import { log } from '../log';
import { factsFromRead } from '../stripe/read';
import type { StripeBudget } from '../stripe/call';
import type { Stripe } from '../stripe/client';
import type { SweepCounts } from './state';

export interface SweepContext {
  env: Env;
  stripe: Stripe;
  /**
   * Subrequests left for the whole run's steps (SWEEP_STRIPE_CALLS), shared by every step: each
   * Stripe attempt and each D1 statement through `env.DB` takes one (budget.ts).
   */
  budget: StripeBudget;
  counts: SweepCounts;
  /** Work started by this run (fulfilments): the run waits for it before it ends. */
  pending: Promise<unknown>[];
  /** Adds to `pending`: the run's ctx.waitUntil. */
  waitUntil: (promise: Promise<unknown>) => void;
  /** Orders the events left in doubt (deferred, or refused by the state machine): verify checks them. */
  suspects: Set<string>;
}

/** A new run's context. */
export function sweepContext(env: Env, stripe: Stripe, budget: StripeBudget): SweepContext {
  const pending: Promise<unknown>[] = [];
  return {
    env,
    stripe,
    budget,
    counts: {
      events_read: 0,
      events_applied: 0,
      orders_linked: 0,
      orders_canceled: 0,
      orders_checked: 0,
      refunds_settled: 0,
      tax_records: 0,
      errors: 0,
      last_error: null,
    },
    pending,
    waitUntil: (promise) => void pending.push(promise),
    suspects: new Set(),
  };
}

/** Counts and logs an error of one step (the run goes on with the next). */
export function sweepError(ctx: SweepContext, step: string, error: unknown): void {
  const message = `${step}: ${error instanceof Error ? error.message : String(error)}`.slice(
    0,
    300,
  );
  ctx.counts.errors++;
  ctx.counts.last_error = message;
  log('warn', 'reconcile.error', { step, error: message });
}

/**
 * Records what a PaymentIntent the sweep looked up says of an order, as a webhook's event would
 * (fulfilling the order if this made it paid; with its guards, src/stripe/read.ts), caused by the
 * sweep's `job`. Null when nothing was recorded (a new attempt may be confirming it).
 */
export function recordPaymentIntent(
  ctx: SweepContext,
  order: Order,
  pi: Stripe.PaymentIntent,
  job: 'link' | 'verify' | 'cancel',
  options?: TransitionOptions,
): Promise<TransitionResult | null> {
  return recordRead(ctx.env, ctx.waitUntil, order, pi, { source: 'sweep', job }, options);
}

/**
 * Records what a PaymentIntent read (or a cancel's answer) says of an order, caused by `cause`:
 * the sweep's way (recordPaymentIntent), which POST /charge shares for the cancel of a checkout
 * changed at the bank (src/checkout/pay.ts). Null when nothing was recorded.
 */
export async function recordRead(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  order: Order,
  pi: Stripe.PaymentIntent,
  cause: Cause,
  options?: Parameters<typeof recordPayment>[5],
): Promise<TransitionResult | null> {
  const facts = factsFromRead(order, pi);
  if (!facts) return null;
  return recordPayment(env, waitUntil, order.id, facts, cause, options);
}
