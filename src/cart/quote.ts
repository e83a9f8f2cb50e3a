/**
 * A quote: a cart priced by the server, with its promotion code applied by Stripe's rules. POST
 * /quote answers with it, and POST /charge charges exactly its total. Asking Stripe (for the code)
 * and the ledger (for the code's redemptions) is needed only when a code is given.
 */
import type { OrderLine } from '../ledger';
import { redemptionsOf } from '../ledger';
import { formatMoney } from '../money';
import { findPromotionCode } from '../promotion/lookup';
import {
  applyPromotion,
  isRefusal,
  type AppliedPromotion,
  type PromotionRefusal,
} from '../promotion/rules';
import type { StripeBudget } from '../stripe/call';
import type { Stripe } from '../stripe/client';
import type { CartRequest, PricedCart } from '.';
import { discountDescription, PROMOTION_MESSAGES } from './messages';
import { spreadDiscount } from './spread';

/** One line of a quote (JSON, snake_case, integer minor units). */
export interface QuoteLine {
  product: string;
  name: string;
  quantity: number;
  unit_amount: number;
  /** unit_amount × quantity. */
  subtotal: number;
  /** This line's share of the discount. */
  discount: number;
  /** subtotal − discount: the lines' amounts add up to the total. */
  amount: number;
}

/** The answer of POST /quote. */
export interface Quote {
  currency: string;
  lines: QuoteLine[];
  subtotal: number;
  discount: { code: string; amount: number; description: string } | null;
  total: number;
}

/** A priced cart: its quote, or why its promotion code does not apply and the quote without it. */
export type Pricing =
  | { kind: 'quoted'; quote: Quote; promotion: AppliedPromotion | null }
  | { kind: 'refused'; refusal: PromotionRefusal; message: string; quote: Quote }
  /** Stripe could not be asked about the code. */
  | { kind: 'unavailable'; quote: Quote };

export interface PricingContext {
  db: D1Database;
  /** The Stripe client, made only when a code must be looked up. */
  stripe: () => Promise<Stripe>;
  budget: StripeBudget;
  /** The reader's locale, for the amounts in messages and the discount's description. */
  locale: string;
  /** The Worker's clock (ms), for expiry: injectable for tests. */
  now?: number;
}

/** What a discount is called: its coupon's name, or what it takes off ("20% off", "$2.00 off"). */
function describe(promotion: AppliedPromotion, currency: string, locale: string): string {
  if (promotion.name) return promotion.name;
  const off =
    'percentOff' in promotion.off
      ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
          promotion.off.percentOff / 100,
        )
      : formatMoney(promotion.off.amountOff, currency, locale);
  return discountDescription(off);
}

/** The quote of a cart, with a promotion that applies to it (or none). */
export function quoteOf(
  cart: PricedCart,
  promotion: AppliedPromotion | null,
  locale: string,
): Quote {
  const discount = promotion?.amount ?? 0;
  const shares = spreadDiscount(
    cart.lines.map((line) => line.subtotal),
    discount,
  );
  return {
    currency: cart.currency,
    lines: cart.lines.map((line, i) => ({
      product: line.product.id,
      name: line.product.name,
      quantity: line.quantity,
      unit_amount: line.product.unitAmount,
      subtotal: line.subtotal,
      discount: shares[i]!,
      amount: line.subtotal - shares[i]!,
    })),
    subtotal: cart.subtotal,
    discount: promotion && {
      code: promotion.code,
      amount: discount,
      description: describe(promotion, cart.currency, locale),
    },
    total: cart.subtotal - discount,
  };
}

/** The customer's sentence for a refused code. */
export function refusalMessage(refusal: PromotionRefusal, currency: string, locale: string) {
  const amount = formatMoney(refusal.amount ?? 0, currency, locale);
  switch (refusal.reason) {
    case 'currency':
      return PROMOTION_MESSAGES.currency(currency);
    case 'minimum':
    case 'total_too_small':
      return PROMOTION_MESSAGES[refusal.reason](amount);
    default:
      return PROMOTION_MESSAGES[refusal.reason];
  }
}

/** An order's lines as the ledger keeps them. */
export function orderLines(quote: Quote): OrderLine[] {
  return quote.lines.map(({ product, name, quantity, unit_amount, discount, amount }) => ({
    product,
    name,
    quantity,
    unit_amount,
    discount,
    amount,
  }));
}

/**
 * Prices a cart request: the catalog's prices, and the promotion code as Stripe and the ledger
 * say it applies now. Writes nothing.
 */
export async function priceCart(ctx: PricingContext, request: CartRequest): Promise<Pricing> {
  const { cart, promotionCode } = request;
  const plain = quoteOf(cart, null, ctx.locale);
  if (promotionCode === null) return { kind: 'quoted', quote: plain, promotion: null };
  const refused = (refusal: PromotionRefusal): Pricing => ({
    kind: 'refused',
    refusal,
    message: refusalMessage(refusal, cart.currency, ctx.locale),
    quote: plain,
  });

  const now = ctx.now ?? Date.now();
  const lookup = await findPromotionCode(await ctx.stripe(), promotionCode, ctx.budget, now);
  if (lookup.kind === 'unavailable') return { kind: 'unavailable', quote: plain };
  if (lookup.kind !== 'found') return refused({ reason: lookup.kind });
  const code = lookup.code;
  const coupon = typeof code.promotion.coupon === 'object' ? code.promotion.coupon : null;
  // The shop's redemptions matter only to a code (or coupon) with a limit: no read otherwise.
  const limited = code.max_redemptions !== null || coupon?.max_redemptions != null;
  const promotion = applyPromotion(code, {
    currency: cart.currency,
    subtotal: cart.subtotal,
    now: Math.floor(now / 1000),
    redeemed: limited
      ? await redemptionsOf(ctx.db, code.id, coupon?.id ?? '')
      : { code: 0, coupon: 0 },
  });
  if (isRefusal(promotion)) return refused(promotion);
  return { kind: 'quoted', quote: quoteOf(cart, promotion, ctx.locale), promotion };
}
