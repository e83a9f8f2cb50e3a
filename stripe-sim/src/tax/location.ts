import type Stripe from 'stripe';
import { invalidRequest } from '../errors';
import { REGISTRATIONS, type TaxRate } from './rates';

/**
 * Where a customer is, for tax: the jurisdiction Stripe Tax would find from an address, or Stripe's
 * `customer_tax_location_invalid`. As Stripe documents, any country needs only a valid country code,
 * except the United States (a valid ZIP code, with a state that matches it if one is given) and
 * Canada (a postal code or a province).
 */
export interface Jurisdiction {
  country: string;
  /** The US state or Canadian province, as an ISO 3166-2 code without the country. */
  state: string | null;
  /** `Germany`, `California`: what Stripe shows as the jurisdiction's display name. */
  displayName: string;
  level: 'country' | 'state';
  /** The registration's rate there, or null where the account is not registered. */
  rate: TaxRate | null;
}

/**
 * US states and DC with the first three digits of their ZIP codes (USPS ranges, `lo-hi`), from which
 * a state is found when an address gives only a ZIP code, and against which a given state is checked.
 */
const US_STATES: Record<string, [name: string, zip3: string]> = {
  AL: ['Alabama', '350-369'],
  AK: ['Alaska', '995-999'],
  AZ: ['Arizona', '850-865'],
  AR: ['Arkansas', '716-729'],
  CA: ['California', '900-961'],
  CO: ['Colorado', '800-816'],
  CT: ['Connecticut', '060-069'],
  DE: ['Delaware', '197-199'],
  DC: ['District of Columbia', '200,202-205,569'],
  FL: ['Florida', '320-349'],
  GA: ['Georgia', '300-319,398-399'],
  HI: ['Hawaii', '967-968'],
  ID: ['Idaho', '832-838'],
  IL: ['Illinois', '600-629'],
  IN: ['Indiana', '460-479'],
  IA: ['Iowa', '500-528'],
  KS: ['Kansas', '660-679'],
  KY: ['Kentucky', '400-427'],
  LA: ['Louisiana', '700-714'],
  ME: ['Maine', '039-049'],
  MD: ['Maryland', '206-219'],
  MA: ['Massachusetts', '010-027,055'],
  MI: ['Michigan', '480-499'],
  MN: ['Minnesota', '550-567'],
  MS: ['Mississippi', '386-397'],
  MO: ['Missouri', '630-658'],
  MT: ['Montana', '590-599'],
  NE: ['Nebraska', '680-693'],
  NV: ['Nevada', '889-898'],
  NH: ['New Hampshire', '030-038'],
  NJ: ['New Jersey', '070-089'],
  NM: ['New Mexico', '870-884'],
  NY: ['New York', '005,100-149'],
  NC: ['North Carolina', '270-289'],
  ND: ['North Dakota', '580-588'],
  OH: ['Ohio', '430-459'],
  OK: ['Oklahoma', '730-731,734-749'],
  OR: ['Oregon', '970-979'],
  PA: ['Pennsylvania', '150-196'],
  RI: ['Rhode Island', '028-029'],
  SC: ['South Carolina', '290-299'],
  SD: ['South Dakota', '570-577'],
  TN: ['Tennessee', '370-385'],
  TX: ['Texas', '733,750-799,885'],
  UT: ['Utah', '840-847'],
  VT: ['Vermont', '050-054,056-059'],
  VA: ['Virginia', '201,220-246'],
  WA: ['Washington', '980-994'],
  WV: ['West Virginia', '247-268'],
  WI: ['Wisconsin', '530-549'],
  WY: ['Wyoming', '820-831'],
};

const CA_PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'];

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Region codes Intl knows that are not countries (`EU`, `UN`, `ZZ`...). */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);

/** The English name of an ISO 3166-1 alpha-2 country code, or undefined for anything else. */
export function countryName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return undefined;
  return countryNames.of(code);
}

function zipState(zip: string): string | undefined {
  const prefix = Number(zip.slice(0, 3));
  return Object.keys(US_STATES).find((state) =>
    (US_STATES[state]?.[1] ?? '').split(',').some((range) => {
      const [lo, hi = lo] = range.split('-').map(Number) as [number, number?];
      return prefix >= lo && prefix <= hi;
    }),
  );
}

/** Stripe's refusal of an address it cannot place, naming the parameter it came from. */
export const invalidLocation = (param: string) =>
  invalidRequest(
    "We could not determine the customer's tax location based on the provided customer address.",
    { param, code: 'customer_tax_location_invalid' },
  );

/** Finds the jurisdiction of an address, or throws `customer_tax_location_invalid`. */
export function locate(address: Stripe.Address, param: string): Jurisdiction {
  const country = (address.country ?? '').toUpperCase();
  const name = countryName(country);
  if (!name) throw invalidLocation(param);
  const state = address.state?.trim().toUpperCase() || null;
  const postal = address.postal_code?.trim() ?? '';
  if (country === 'US') {
    const zip = /^(\d{5})(-\d{4})?$/.exec(postal)?.[1];
    const found = zip && zipState(zip);
    if (!found || (state !== null && state !== found)) throw invalidLocation(param);
    return at(country, found, US_STATES[found]?.[0] ?? found);
  }
  if (country === 'CA') {
    const validPostal = /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i.test(postal);
    if (!validPostal && !(state && CA_PROVINCES.includes(state))) throw invalidLocation(param);
    return at(country, state && CA_PROVINCES.includes(state) ? state : null, name);
  }
  return at(country, null, name);
}

function at(country: string, state: string | null, displayName: string): Jurisdiction {
  const level = country === 'US' && state ? 'state' : 'country';
  const rate = REGISTRATIONS[state && level === 'state' ? `${country}-${state}` : country] ?? null;
  return { country, state, displayName, level, rate };
}
