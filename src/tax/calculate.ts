/**
 * Tax by Stripe Tax (`TAX_CALCULATION=stripe`; `none`, the default, charges no tax): one
 * calculation per priced checkout, POST /v1/tax/calculations with the lines after their discount,
 * the shipping cost and the address the order is sent to. The idempotency key is derived from
 * what is calculated, so a repeated quote or charge of the same checkout replays Stripe's answer.
 */
import type Stripe from 'stripe';
import { TAX_MESSAGES } from '../cart/messages';
import { readVar } from '../config';
import type { Text } from '../i18n';
import type { LogFields } from '../log';
import type { Address } from '../shipping';
import { afterReplayKey, callStripe, type StripeBudget } from '../stripe/call';
import { configurationRefusal } from '../stripe/refusal';

/** Stripe Tax's code for shipping costs. */
export const SHIPPING_TAX_CODE = 'txcd_92010001';

/**
 * Whether this Worker asks Stripe Tax (`TAX_CALCULATION=stripe`) or charges no tax. Any other
 * value refuses payments before this is asked (resolveCheckoutConfig, src/config).
 */
export function taxCalculation(env: object): 'stripe' | 'none' {
  return readVar(env, 'TAX_CALCULATION') === 'stripe' ? 'stripe' : 'none';
}

/** A line to tax: its amount after discount, in minor units. */
interface TaxLine {
  reference: string;
  amount: number;
  quantity: number;
  taxCode?: string;
  taxBehavior?: 'exclusive' | 'inclusive';
}

interface TaxRequest {
  currency: string;
  lines: TaxLine[];
  shipping: { amount: number; taxCode?: string } | null;
  address: Address;
  /** What makes the idempotency key unique to a checkout (its id, or the quote's). */
  scope: string;
}

/**
 * Tax as a quote shows it: `amount` is added to the total (exclusive tax only); `included` is
 * already inside the prices (inclusive tax), which the receipt says under the total.
 */
export interface Tax {
  amount: number;
  included: number;
  calculation: string | null;
  /** Unix seconds; null without a calculation. */
  expiresAt: number | null;
}

type TaxOutcome =
  | { kind: 'taxed'; tax: Tax }
  /** Stripe refused the address (`customer_tax_location_invalid`): the customer fixes it. */
  | { kind: 'invalid_address'; param: string; message: Text }
  /**
   * No tax now. `refused`: Stripe refused the shop's set-up (Stripe Tax not active, a tax code it
   * does not know, the key), which no retry changes. `log`: Stripe's error code and what to fix,
   * never the address (the request's log line).
   */
  | { kind: 'unavailable'; refused: boolean; log: LogFields };

/** Hex SHA-256 of a text: the idempotency key of a calculation names what it calculates. */
async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stripe's parameters for a tax request. */
function calculationParams(request: TaxRequest): Stripe.Tax.CalculationCreateParams {
  const { address } = request;
  return {
    currency: request.currency,
    line_items: request.lines.map((line) => ({
      amount: line.amount,
      quantity: line.quantity,
      reference: line.reference,
      tax_behavior: line.taxBehavior ?? 'exclusive',
      ...(line.taxCode && { tax_code: line.taxCode }),
    })),
    ...(request.shipping && {
      shipping_cost: {
        amount: request.shipping.amount,
        tax_behavior: 'exclusive',
        tax_code: request.shipping.taxCode ?? SHIPPING_TAX_CODE,
      },
    }),
    customer_details: {
      address: {
        line1: address.line1,
        line2: address.line2 ?? '',
        city: address.city,
        state: address.state ?? '',
        postal_code: address.postal_code ?? '',
        country: address.country,
      },
      address_source: 'shipping',
    },
  };
}

/** Calculates the tax of a checkout at Stripe. */
export async function calculateTax(
  stripe: Stripe,
  request: TaxRequest,
  budget: StripeBudget,
): Promise<TaxOutcome> {
  const params = calculationParams(request);
  const idempotencyKey = `${request.scope}/tax/${await digest(JSON.stringify(params))}`;
  const send = (key: string) =>
    callStripe(
      (options) => stripe.tax.calculations.create(params, { idempotencyKey: key, ...options }),
      budget,
    );
  let outcome = await send(idempotencyKey);
  // A calculation moves no money: after a 500 Stripe replays for the key (it would for a day, for
  // this cart and address), once more under a key derived from it.
  if (outcome.kind === 'unknown' && outcome.replayed)
    outcome = await send(afterReplayKey(idempotencyKey));
  if (outcome.kind === 'ok') {
    const calculation = outcome.value;
    return {
      kind: 'taxed',
      tax: {
        amount: calculation.tax_amount_exclusive,
        included: calculation.tax_amount_inclusive,
        calculation: calculation.id,
        expiresAt: calculation.expires_at ?? null,
      },
    };
  }
  if (outcome.kind === 'stripe_error' && outcome.error.code === 'customer_tax_location_invalid') {
    const param = outcome.error.param?.replace(/^customer_details/, 'shipping') ?? 'shipping';
    return { kind: 'invalid_address', param, message: TAX_MESSAGES.address };
  }
  if (outcome.kind !== 'stripe_error')
    return { kind: 'unavailable', refused: false, log: { tax_error: outcome.kind } };
  const { error } = outcome;
  // The request holds the customer's address, which Stripe's message may quote: left out.
  const refusal = configurationRefusal(error, true);
  const log = { tax_error: error.code ?? error.type };
  return refusal
    ? { kind: 'unavailable', refused: true, log: { ...refusal, ...log } }
    : { kind: 'unavailable', refused: false, log };
}
