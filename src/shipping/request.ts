/**
 * A request's `shipping`: who receives the parcel and where, and the rate picked. Refusals name
 * the field at fault as Stripe names nested fields (`shipping[address][postal_code]`).
 */
import * as v from 'valibot';
import type { FieldError } from '../checkout/field-error';
import { SHIPPING_MESSAGES } from '../cart/messages';
import { SHIPPING, type Shipping, type ShippingConfig } from '.';

/**
 * Countries whose addresses may have no postal code (Stripe's own list, as its Address Element
 * and SDKs treat them: Ireland's Eircode and South Africa's code are optional there too): every
 * other country needs one.
 */
const NO_POSTAL_CODE = new Set(
  (
    'AE AG AN AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GN GQ GY HK IE ' +
    'JM KE KI KM KN KP LC ML MO MR MS MU MW NR NU PA QA RW SB SC SL SO SR ST SY TF TK TL TO TT ' +
    'TV TZ UG VU YE ZA ZW'
  ).split(' '),
);
/** Countries whose addresses need a state or province. */
const NEEDS_STATE = new Set(['US', 'CA', 'AU']);

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const optionalText = (max: number) =>
  v.pipe(
    v.nullish(text(max)),
    v.transform((value) => value || null),
  );

const SHIPPING_FIELDS = v.object({
  name: v.pipe(text(200), v.nonEmpty()),
  address: v.object({
    line1: v.pipe(text(200), v.nonEmpty()),
    line2: optionalText(200),
    city: v.pipe(text(200), v.nonEmpty()),
    state: optionalText(100),
    postal_code: optionalText(20),
    country: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{2}$/)),
  }),
  rate: optionalText(64),
});

/** A shipping choice of a request; the rate is null when the customer picked none. */
export type ShippingChoice = Omit<Shipping, 'rate'> & { rate: string | null };

/**
 * Reads `body.shipping` for a cart: null when the cart holds nothing shippable (and none was
 * sent), the choice when it does, or the field at fault.
 */
export function parseShipping(
  raw: unknown,
  shippable: boolean,
  config: ShippingConfig = SHIPPING,
): ShippingChoice | null | FieldError {
  if (raw === undefined || raw === null) {
    return shippable ? { param: 'shipping[address]', message: SHIPPING_MESSAGES.required } : null;
  }
  if (!shippable) return { param: 'shipping', message: SHIPPING_MESSAGES.notShippable };
  const parsed = v.safeParse(SHIPPING_FIELDS, raw);
  if (!parsed.success) {
    const keys = (parsed.issues[0].path ?? []).map((item) => String(item.key));
    const field = keys.at(-1);
    if (field === undefined || (keys[0] === 'address' && keys.length === 1))
      return {
        param: keys.length ? 'shipping[address]' : 'shipping',
        message: SHIPPING_MESSAGES.notAnObject,
      };
    const param = `shipping${keys.map((key) => `[${key}]`).join('')}`;
    if (field === 'country') return { param, message: SHIPPING_MESSAGES.country(config.countries) };
    if (field === 'rate') return { param, message: SHIPPING_MESSAGES.rate };
    const message = SHIPPING_MESSAGES[field as 'name' | 'line1' | 'line2' | 'city' | 'state'];
    return { param, message: message ?? SHIPPING_MESSAGES.notAnObject };
  }
  const { name, address, rate } = parsed.output;
  if (!config.countries.includes(address.country))
    return {
      param: 'shipping[address][country]',
      message: SHIPPING_MESSAGES.country(config.countries),
    };
  if (!address.postal_code && !NO_POSTAL_CODE.has(address.country))
    return { param: 'shipping[address][postal_code]', message: SHIPPING_MESSAGES.postal_code };
  if (!address.state && NEEDS_STATE.has(address.country))
    return { param: 'shipping[address][state]', message: SHIPPING_MESSAGES.state };
  const { line2 = null, state = null, postal_code = null } = address;
  return { name, address: { ...address, line2, state, postal_code }, rate: rate ?? null };
}
