import type Stripe from 'stripe';
import { invalidRequest } from '../errors';
import type { FormValue } from '../form';
import { addressFields } from '../payment-methods';
import { currency, decimal, emptyable, integerFrom, range, text } from '../param-types';
import {
  boolean,
  type Infer,
  integer,
  list,
  metadata,
  object,
  oneOf,
  paramsOf,
  type Schema,
  string,
} from '../params';
import { expandParam, listParams } from '../routes/helpers';

/**
 * The parameters of /v1/checkout/sessions, checked at compile time against stripe-node's
 * `Checkout.Session*Params`: every parameter stripe-node declares is accepted here (what the
 * simulator cannot do is refused later, by name, in checks.ts).
 */

type Create = Stripe.Checkout.SessionCreateParams;
type P<T> = ReturnType<typeof paramsOf<T>>;
const shape = <T>(): P<T> => paramsOf<T>();

/** `Emptyable<T>`: a hash, or an empty string that unsets it (`custom_text[submit]=`). */
const emptyOr = <T>(schema: Schema<T>): Schema<T | ''> => ({
  parse: (value: FormValue, param: string) => (value === '' ? '' : schema.parse(value, param)),
});

/**
 * A decimal such as `unit_amount_decimal=12.5`. stripe-node declares it as its `Decimal` class,
 * which it sends (and receives) as a decimal string: the string is what travels.
 */
const decimalString = (): Schema<Stripe.Decimal> => ({
  parse(value, param) {
    decimal().parse(value, param);
    return value as unknown as Stripe.Decimal;
  },
});

/** The countries a shipping address may be collected in (stripe-node's `AllowedCountry`). */
export const SHIPPING_COUNTRIES = (
  'AC AD AE AF AG AI AL AM AO AQ AR AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CD CF CG CH CI CK CL CM CN CO CR CV CW CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ' +
  'ES ET FI FJ FK FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR HT HU ID ' +
  'IE IL IM IN IO IQ IS IT JE JM JO JP KE KG KH KI KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV ' +
  'LY MA MC MD ME MF MG MK ML MM MN MO MQ MR MS MT MU MV MW MX MY MZ NA NC NE NG NI NL NO NP NR NU ' +
  'NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL ' +
  'SM SN SO SR SS ST SV SX SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA ' +
  'VC VE VG VN VU WF WS XK YE YT ZA ZM ZW ZZ'
).split(' ');

/** Checkout's locales (stripe-node's `Locale`). */
const LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr',
  'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl',
  'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const; // prettier-ignore

const taxBehavior = oneOf(['exclusive', 'inclusive', 'unspecified']);
const adjustableQuantity = object(
  { enabled: boolean(), maximum: integerFrom(1), minimum: integerFrom(0) },
  ['enabled'],
);

const productData = shape<Stripe.Checkout.SessionCreateParams.LineItem.PriceData.ProductData>()(
  {
    description: string(),
    images: list(string()),
    metadata: metadata(),
    name: string(),
    tax_code: string(),
    tax_details:
      shape<Stripe.Checkout.SessionCreateParams.LineItem.PriceData.ProductData.TaxDetails>()({
        performance_location: string(),
        tax_code: emptyable(),
      }),
    unit_label: text(12),
  },
  ['name'],
);

const priceData = shape<Stripe.Checkout.SessionCreateParams.LineItem.PriceData>()(
  {
    currency: currency(),
    product: string(),
    product_data: productData,
    recurring: shape<Stripe.Checkout.SessionCreateParams.LineItem.PriceData.Recurring>()(
      { interval: oneOf(['day', 'month', 'week', 'year']), interval_count: integerFrom(1) },
      ['interval'],
    ),
    tax_behavior: taxBehavior,
    unit_amount: integerFrom(0),
    unit_amount_decimal: decimalString(),
  },
  ['currency'],
);

const lineItem = shape<Stripe.Checkout.SessionCreateParams.LineItem>()({
  adjustable_quantity: adjustableQuantity,
  metadata: metadata(),
  price: string(),
  price_data: priceData,
  quantity: integerFrom(0),
  tax_rates: list(string()),
});

const deliveryBound = object(
  { unit: oneOf(['business_day', 'day', 'hour', 'month', 'week']), value: integerFrom(1) },
  ['unit', 'value'],
);

const shippingRateData =
  shape<Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData>()(
    {
      delivery_estimate: object({ maximum: deliveryBound, minimum: deliveryBound }),
      display_name: text(100),
      fixed_amount: object(
        {
          amount: integerFrom(0),
          currency: currency(),
          currency_options: {
            parse(value: FormValue, param: string) {
              const option = object({ amount: integerFrom(0), tax_behavior: taxBehavior }, [
                'amount',
              ]);
              if (typeof value === 'string')
                throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
              return Object.fromEntries(
                Object.entries(value).map(([key, raw]) => [
                  currency().parse(key, `${param}[${key}]`),
                  option.parse(raw, `${param}[${key}]`),
                ]),
              );
            },
          },
        },
        ['amount', 'currency'],
      ),
      metadata: metadata(),
      tax_behavior: taxBehavior,
      tax_code: string(),
      type: oneOf(['fixed_amount']),
    },
    ['display_name'],
  );

const addressParams = shape<Stripe.ShippingAddressParam>()(addressFields, ['line1']);

const paymentIntentData = shape<Stripe.Checkout.SessionCreateParams.PaymentIntentData>()({
  application_fee_amount: integerFrom(0),
  capture_method: oneOf(['automatic', 'automatic_async', 'manual']),
  description: text(1000),
  metadata: metadata(),
  on_behalf_of: string(),
  receipt_email: string(),
  setup_future_usage: oneOf(['off_session', 'on_session']),
  shipping: shape<Stripe.Checkout.SessionCreateParams.PaymentIntentData.Shipping>()(
    {
      address: addressParams,
      carrier: string(),
      name: string(),
      phone: string(),
      tracking_number: string(),
    },
    ['address', 'name'],
  ),
  statement_descriptor: text(22),
  statement_descriptor_suffix: text(22),
  transfer_data: object({ amount: integerFrom(1), destination: string() }, ['destination']),
  transfer_group: string(),
});

const cardOptions = shape<Stripe.Checkout.SessionCreateParams.PaymentMethodOptions.Card>()({
  capture_method: oneOf(['manual']),
  installments: object({ enabled: boolean() }),
  request_extended_authorization: oneOf(['if_available', 'never']),
  request_incremental_authorization: oneOf(['if_available', 'never']),
  request_multicapture: oneOf(['if_available', 'never']),
  request_overcapture: oneOf(['if_available', 'never']),
  request_three_d_secure: oneOf(['any', 'automatic', 'challenge']),
  restrictions: object({
    brands_blocked: list(
      oneOf(['american_express', 'discover_global_network', 'mastercard', 'visa']),
    ),
    funding_types_blocked: list(oneOf(['credit', 'debit', 'prepaid'])),
  }),
  setup_future_usage: oneOf(['off_session', 'on_session']),
  statement_descriptor_suffix_kana: text(22),
  statement_descriptor_suffix_kanji: text(17),
});

/** The simulator has cards only: options for another payment method are refused by name. */
export const cardOnly = (param: string, type: string) =>
  invalidRequest(
    `The payment method type "${type}" is invalid: the Stripe simulator supports card payments only.`,
    { param, code: 'payment_method_invalid_parameter' },
  );

const paymentMethodOptions: Schema<Pick<NonNullable<Create['payment_method_options']>, 'card'>> = {
  parse(value, param) {
    if (typeof value !== 'string')
      for (const key of Object.keys(value))
        if (key !== 'card') throw cardOnly(`${param}[${key}]`, key);
    return object({ card: cardOptions }).parse(value, param);
  },
};

const customFieldBounds = {
  default_value: string(),
  maximum_length: integerFrom(1),
  minimum_length: integerFrom(0),
};
const customField = shape<Stripe.Checkout.SessionCreateParams.CustomField>()(
  {
    dropdown: object(
      {
        default_value: string(),
        options: list(object({ label: text(100), value: text(100) }, ['label', 'value'])),
      },
      ['options'],
    ),
    key: text(200),
    label: object({ custom: text(50), type: oneOf(['custom']) }, ['custom', 'type']),
    numeric: object(customFieldBounds),
    optional: boolean(),
    text: object(customFieldBounds),
    type: oneOf(['dropdown', 'numeric', 'text']),
  },
  ['key', 'label', 'type'],
);
const message = object({ message: text(1200) }, ['message']);

const brandingImage = object({ file: string(), type: oneOf(['file', 'url']), url: string() }, [
  'type',
]);
const invoiceCustomField = object({ name: text(40), value: text(140) }, ['name', 'value']);

/**
 * `subscription_data` and `setup_intent_data` belong to modes the simulator does not serve: they are
 * refused as Stripe refuses them in `payment` mode, whatever they hold.
 */
const anyHash = <T>(): Schema<T> => ({
  parse(value, param) {
    if (typeof value === 'string')
      throw invalidRequest(`Invalid ${param}: must be a hash`, { param });
    return value as T;
  },
});

export const createParams = shape<Create>()({
  adaptive_pricing: object({ enabled: boolean() }),
  after_expiration: object({
    recovery: object({ allow_promotion_codes: boolean(), enabled: boolean() }, ['enabled']),
  }),
  allow_promotion_codes: boolean(),
  allowed_payment_method_types: list(string()),
  automatic_tax: shape<Stripe.Checkout.SessionCreateParams.AutomaticTax>()(
    {
      enabled: boolean(),
      liability: object({ account: string(), type: oneOf(['account', 'self']) }, ['type']),
    },
    ['enabled'],
  ),
  billing_address_collection: oneOf(['auto', 'required']),
  branding_settings: shape<Stripe.Checkout.SessionCreateParams.BrandingSettings>()({
    background_color: emptyable(),
    border_style: emptyOr(oneOf(['pill', 'rectangular', 'rounded'])),
    button_color: emptyable(),
    display_name: text(100),
    font_family: emptyable(),
    icon: brandingImage,
    logo: brandingImage,
  }),
  cancel_url: text(5000),
  client_reference_id: text(200),
  consent_collection: shape<Stripe.Checkout.SessionCreateParams.ConsentCollection>()({
    payment_method_reuse_agreement: object({ position: oneOf(['auto', 'hidden']) }, ['position']),
    promotions: oneOf(['auto', 'none']),
    terms_of_service: oneOf(['none', 'required']),
  }),
  currency: currency(),
  custom_fields: list(customField),
  custom_text: shape<Stripe.Checkout.SessionCreateParams.CustomText>()({
    after_submit: emptyOr(message),
    shipping_address: emptyOr(message),
    submit: emptyOr(message),
    terms_of_service_acceptance: emptyOr(message),
  }),
  customer: string(),
  customer_account: string(),
  customer_creation: oneOf(['always', 'if_required']),
  customer_email: text(800),
  customer_update: object({
    address: oneOf(['auto', 'never']),
    name: oneOf(['auto', 'never']),
    shipping: oneOf(['auto', 'never']),
  }),
  discounts: list(
    shape<Stripe.Checkout.SessionCreateParams.Discount>()({
      coupon: string(),
      promotion_code: string(),
    }),
  ),
  excluded_payment_method_types: list(string()),
  expand: expandParam,
  expires_at: integer(),
  integration_identifier: text(200),
  invoice_creation: shape<Stripe.Checkout.SessionCreateParams.InvoiceCreation>()(
    {
      enabled: boolean(),
      invoice_data: shape<Stripe.Checkout.SessionCreateParams.InvoiceCreation.InvoiceData>()({
        account_tax_ids: emptyOr(list(string())),
        custom_fields: emptyOr(list(invoiceCustomField)),
        description: text(1500),
        footer: text(5000),
        issuer: object({ account: string(), type: oneOf(['account', 'self']) }, ['type']),
        metadata: metadata(),
        rendering_options: emptyOr(
          object({
            amount_tax_display: emptyOr(oneOf(['exclude_tax', 'include_inclusive_tax'])),
            template: string(),
          }),
        ),
      }),
    },
    ['enabled'],
  ),
  line_items: list(lineItem),
  locale: oneOf(LOCALES),
  managed_payments: object({ enabled: boolean() }),
  metadata: metadata(),
  mode: oneOf(['payment', 'setup', 'subscription']),
  name_collection: shape<Stripe.Checkout.SessionCreateParams.NameCollection>()({
    business: object({ enabled: boolean(), optional: boolean() }, ['enabled']),
    individual: object({ enabled: boolean(), optional: boolean() }, ['enabled']),
  }),
  optional_items: list(
    shape<Stripe.Checkout.SessionCreateParams.OptionalItem>()(
      { adjustable_quantity: adjustableQuantity, price: string(), quantity: integerFrom(1) },
      ['price', 'quantity'],
    ),
  ),
  origin_context: oneOf(['mobile_app', 'web']),
  payment_intent_data: paymentIntentData,
  payment_method_collection: oneOf(['always', 'if_required']),
  payment_method_configuration: string(),
  payment_method_data: object({
    allow_redisplay: oneOf(['always', 'limited', 'unspecified']),
  }),
  payment_method_options: paymentMethodOptions,
  permissions: object({ update_shipping_details: oneOf(['client_only', 'server_only']) }),
  phone_number_collection: object({ enabled: boolean() }, ['enabled']),
  redirect_on_completion: oneOf(['always', 'if_required', 'never']),
  return_url: text(5000),
  saved_payment_method_options:
    shape<Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions>()({
      allow_redisplay_filters: list(oneOf(['always', 'limited', 'unspecified'])),
      payment_method_remove: oneOf(['disabled', 'enabled']),
      payment_method_save: oneOf(['disabled', 'enabled']),
    }),
  setup_intent_data: anyHash<Stripe.Checkout.SessionCreateParams.SetupIntentData>(),
  shipping_address_collection: object({ allowed_countries: list(oneOf(SHIPPING_COUNTRIES)) }, [
    'allowed_countries',
  ]),
  shipping_options: list(
    shape<Stripe.Checkout.SessionCreateParams.ShippingOption>()({
      shipping_rate: string(),
      shipping_rate_data: shippingRateData,
    }),
  ),
  submit_type: oneOf(['auto', 'book', 'donate', 'pay', 'subscribe']),
  subscription_data: anyHash<Stripe.Checkout.SessionCreateParams.SubscriptionData>(),
  success_url: text(5000),
  tax_id_collection: object({ enabled: boolean(), required: oneOf(['if_supported', 'never']) }, [
    'enabled',
  ]),
  ui_mode: oneOf(['elements', 'embedded_page', 'form', 'hosted_page']),
  wallet_options: object({ link: object({ display: oneOf(['auto', 'never']) }) }),
});

/**
 * stripe-node 23 no longer declares `payment_method_types` (it has `allowed_payment_method_types`),
 * but the API still accepts it and integrations written from older guides still send it.
 */
export const createParamsWithTypes: Schema<
  CreateParams & { payment_method_types?: string[] | undefined }
> = {
  parse(value, param) {
    if (typeof value === 'string') return createParams.parse(value, param);
    const { payment_method_types: types, ...rest } = value;
    const parsed = createParams.parse(rest, param);
    return types === undefined
      ? parsed
      : { ...parsed, payment_method_types: list(string()).parse(types, 'payment_method_types') };
  },
};

export type CreateParams = Infer<typeof createParams>;
export type LineItemParams = Infer<typeof lineItem>;
export type ShippingRateParams = Infer<typeof shippingRateData>;

export const retrieveParams = shape<Stripe.Checkout.SessionRetrieveParams>()({
  expand: expandParam,
});
export const expireParams = shape<Stripe.Checkout.SessionExpireParams>()({ expand: expandParam });
export const lineItemsParams = shape<Stripe.Checkout.SessionListLineItemsParams>()(listParams);
export const listSessionParams = shape<Stripe.Checkout.SessionListParams>()({
  ...listParams,
  created: range(),
  customer: string(),
  customer_account: string(),
  customer_details: object({ email: string() }, ['email']),
  payment_intent: string(),
  payment_link: string(),
  status: oneOf(['complete', 'expired', 'open']),
  subscription: string(),
});
