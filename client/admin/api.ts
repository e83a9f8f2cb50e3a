// The console's API (/admin/api), as the page reads it: JSON both ways, and a refusal turned into
// an error carrying the API's code and message.
import type { OrderView } from '../../src/orders/view.js';
import type { RefundStatus } from '../../src/refunds/codes';
import type { OrderSummary } from '../../src/receipt/rows';
import type { Disagreement as DisagreementRow, SweepReport } from '../../src/reconcile/report';

export type { OrderView };

export interface HistoryEntry {
  at: string;
  from_status: string | null;
  to_status: string;
  amount_refunded: number;
  cause: {
    source: 'request' | 'webhook' | 'sweep' | 'admin';
    event_id: string | null;
    event_type: string | null;
    route: string | null;
    request_id: string | null;
    admin: string | null;
  };
  note: string | null;
}

export interface RefundView {
  id: string;
  amount: number;
  reason: string | null;
  status: RefundStatus;
  stripe_refund_id: string | null;
  admin: string | null;
  error: string | null;
  created_at: string;
}

/** An order Stripe disagrees with, and the order itself. */
export interface Disagreement extends DisagreementRow {
  order: OrderView | null;
}

export interface OrderLine {
  product_id: string;
  name: string | null;
  quantity: number;
  unit_amount: number;
  /** The line's share of the order's promotion code discount. */
  discount: number;
  amount: number;
  currency: string;
}

export interface OrderDetail {
  order: OrderView;
  /** The receipt's summary, in English: the same rows and amounts the customer was shown. */
  summary: OrderSummary;
  lines: OrderLine[];
  history: HistoryEntry[];
  refunds: RefundView[];
  /** The Stripe Dashboard's page of its dispute (null: none, or simulated mode). */
  dispute_url: string | null;
  disagreement: Disagreement | null;
  /** Since when Stripe Tax holds the order's transaction under an id never learned (or null). */
  tax_transaction_unknown_at: string | null;
  /**
   * What a refund of all that remains would refund now (minor units; 0: none), by the server's
   * reckoning: it counts refunds Stripe took before the order's total learnt of them.
   */
  refundable: number;
}

export type Sweep = SweepReport;

export interface AdminAction {
  at: string;
  admin: string;
  action: 'refund' | 'fulfil' | 'export';
  order_id: string | null;
  outcome: string;
  details: Record<string, string | number | boolean | null>;
}

/** A refusal from the API (or no answer at all: status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What the page says when Access no longer lets its requests through. */
export const SIGNED_OUT = 'Your sign-in has ended. Reload the page to sign in again.';

/**
 * The console's requests never follow a redirect: the API answers none, so a redirect is Access
 * sending a lapsed session to its sign-in page (another origin), which a followed fetch turns
 * into a network error, "no answer", though the request never reached the shop.
 */
export const NO_REDIRECT = { redirect: 'manual', credentials: 'same-origin' } as const;

/** Calls the API; the JSON answer, or an ApiError. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
      ...NO_REDIRECT,
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'The console could not reach the shop. Check your connection.',
    );
  }
  // Access's redirect (opaque: status 0): nothing reached the shop, so nothing was done.
  if (response.type === 'opaqueredirect') throw new ApiError(401, 'signed_out', SIGNED_OUT);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (body.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(
      response.status,
      error.code ?? 'error',
      error.message ?? `The shop answered ${response.status}.`,
      error as Record<string, unknown>,
    );
  }
  return { ...body, status: response.status } as T;
}
