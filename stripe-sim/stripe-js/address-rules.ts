/**
 * What an address needs, country by country, as the Address Element checks it before it says
 * `complete`: a state or province from a list where the country has them (US, CA, AU), a postal
 * code except where the country has none, in the country's format where it has a known one. Pure:
 * the simulator's tests check it without a browser.
 */

/** An address as Stripe.js gives it (`value.address` of the Address Element). */
export interface AddressValue {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postal_code: string;
  country: string;
}

/** A field's problem: also its message's key (./messages.ts). */
export type AddressError =
  | 'incomplete_name'
  | 'incomplete_line1'
  | 'incomplete_city'
  | 'incomplete_state'
  | 'incomplete_postal_code'
  | 'invalid_postal_code';

export type AddressField = 'name' | 'line1' | 'city' | 'state' | 'postal_code';

/** The states or provinces of the countries whose addresses need one: code → name. */
export const STATES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    AL: 'Alabama',
    AK: 'Alaska',
    AZ: 'Arizona',
    AR: 'Arkansas',
    CA: 'California',
    CO: 'Colorado',
    CT: 'Connecticut',
    DE: 'Delaware',
    DC: 'District of Columbia',
    FL: 'Florida',
    GA: 'Georgia',
    HI: 'Hawaii',
    ID: 'Idaho',
    IL: 'Illinois',
    IN: 'Indiana',
    IA: 'Iowa',
    KS: 'Kansas',
    KY: 'Kentucky',
    LA: 'Louisiana',
    ME: 'Maine',
    MD: 'Maryland',
    MA: 'Massachusetts',
    MI: 'Michigan',
    MN: 'Minnesota',
    MS: 'Mississippi',
    MO: 'Missouri',
    MT: 'Montana',
    NE: 'Nebraska',
    NV: 'Nevada',
    NH: 'New Hampshire',
    NJ: 'New Jersey',
    NM: 'New Mexico',
    NY: 'New York',
    NC: 'North Carolina',
    ND: 'North Dakota',
    OH: 'Ohio',
    OK: 'Oklahoma',
    OR: 'Oregon',
    PA: 'Pennsylvania',
    RI: 'Rhode Island',
    SC: 'South Carolina',
    SD: 'South Dakota',
    TN: 'Tennessee',
    TX: 'Texas',
    UT: 'Utah',
    VT: 'Vermont',
    VA: 'Virginia',
    WA: 'Washington',
    WV: 'West Virginia',
    WI: 'Wisconsin',
    WY: 'Wyoming',
    PR: 'Puerto Rico',
  },
  CA: {
    AB: 'Alberta',
    BC: 'British Columbia',
    MB: 'Manitoba',
    NB: 'New Brunswick',
    NL: 'Newfoundland and Labrador',
    NS: 'Nova Scotia',
    NT: 'Northwest Territories',
    NU: 'Nunavut',
    ON: 'Ontario',
    PE: 'Prince Edward Island',
    QC: 'Quebec',
    SK: 'Saskatchewan',
    YT: 'Yukon',
  },
  AU: {
    ACT: 'Australian Capital Territory',
    NSW: 'New South Wales',
    NT: 'Northern Territory',
    QLD: 'Queensland',
    SA: 'South Australia',
    TAS: 'Tasmania',
    VIC: 'Victoria',
    WA: 'Western Australia',
  },
};

/** Countries whose addresses carry no postal code (the field is not shown). */
const WITHOUT_POSTAL_CODE = new Set([
  ...['AE', 'AG', 'AO', 'AW', 'BF', 'BI', 'BJ', 'BO', 'BS', 'BW', 'BZ', 'CD', 'CF', 'CG', 'CI'],
  ...['CK', 'CM', 'DJ', 'DM', 'ER', 'FJ', 'GA', 'GD', 'GH', 'GM', 'GQ', 'GY', 'HK', 'JM', 'KE'],
  ...['KI', 'KM', 'KN', 'KP', 'LC', 'ML', 'MO', 'MR', 'MS', 'MU', 'MW', 'NR', 'NU', 'PA', 'QA'],
  ...['RW', 'SB', 'SC', 'SL', 'SO', 'SR', 'ST', 'SY', 'TF', 'TK', 'TL', 'TO', 'TT', 'TV', 'TZ'],
  ...['UG', 'VU', 'YE', 'ZW'],
]);

/** Postal code formats where the simulator knows them; elsewhere any code is taken. */
const POSTAL_FORMATS: Readonly<Record<string, RegExp>> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/i,
  AU: /^\d{4}$/,
};

export const hasPostalCode = (country: string) => !WITHOUT_POSTAL_CODE.has(country);

/** The problem of each field of an address with its name, or nothing when it is complete. */
export function addressErrors(
  name: string,
  address: AddressValue,
): Partial<Record<AddressField, AddressError>> {
  const errors: Partial<Record<AddressField, AddressError>> = {};
  const { country } = address;
  if (!name.trim()) errors.name = 'incomplete_name';
  if (!address.line1.trim()) errors.line1 = 'incomplete_line1';
  if (!address.city.trim()) errors.city = 'incomplete_city';
  const states = STATES[country];
  if (states && !Object.hasOwn(states, address.state)) errors.state = 'incomplete_state';
  const postal = address.postal_code.trim();
  if (hasPostalCode(country)) {
    if (!postal) errors.postal_code = 'incomplete_postal_code';
    else if (POSTAL_FORMATS[country] && !POSTAL_FORMATS[country].test(postal))
      errors.postal_code = 'invalid_postal_code';
  }
  return errors;
}
