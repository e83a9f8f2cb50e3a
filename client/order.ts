// The shapes the Checkout page and its payment chunk (pay.ts) share: the server's answers and the
// checkout kept until the receipt. Types only: nothing of it is in the page's script.
import type { Address, Shipped } from './shipping';

/** POST /quote's answer (src/cart/quote.ts). */
export interface Quote {
  currency: string;
  lines: { product: string; subtotal: number }[];
  discount: { code: string; amount: number; description: string } | null;
  /** The rate charged and the others the customer may pick; null with nothing to send. */
  shipping: Shipped | null;
  /**
   * Tax added to the total, and tax inside the prices (said under it): the server's always, not
   * the page's opening price (cart.ts), which is sent and taxed nowhere yet.
   */
  tax: { amount: number; included?: number; calculation: string | null };
  total: number;
}
/** An answer of POST /quote or /charge. */
export interface Answer extends Partial<Quote> {
  status?: string;
  redirect?: string;
  client_secret?: string;
  error?: {
    message: string;
    code?: string;
    param?: string;
    charged?: false | 'unknown';
    /** The price without a promotion code that stopped applying. */
    quote?: Quote;
  };
}
export type Body = Record<string, unknown>;
/** What survives a reload, until the receipt (sessionStorage). */
export interface Saved {
  /** The checkout_id: Stripe's idempotency keys derive from it. */
  id: string;
  /** Quantities by product id. */
  items: Record<string, number>;
  /** The promotion code applied ('' for none). */
  code: string;
  email: string;
  /** The complete address the Address Element last gave, and the rate picked (else the cheapest). */
  shipping?: Address;
  rate?: string;
  /** `details()` of the order last sent: another order is another checkout. */
  sent?: string;
  /** The request whose outcome is unknown: "Try again" sends it unchanged (Stripe replays it). */
  resend?: Body;
  /**
   * The client secret of a payment handed to the bank (3-D Secure), until its outcome is known:
   * the request's ConfirmationToken is spent, and "Try again" asks Stripe with it first (pay.ts).
   */
  secret?: string;
}

/** Where the tab keeps its checkout (sessionStorage): the page's, and ended by a receipt. */
export const KEPT_CHECKOUT = 'checkout';
