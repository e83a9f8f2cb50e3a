/**
 * The simulated Stripe.js's words, in the languages the checkout speaks, as Stripe.js localizes
 * its own: `Stripe(pk, { locale })` or `elements({ locale })` choose one ("auto", the default, is
 * the browser's); an unknown locale reads English. Also used by the simulator's 3-D Secure page
 * (src/pages/three-d-secure.ts), which reads Accept-Language.
 */
export const SIM_MESSAGES = {
  en: {
    legend: 'Card (simulated)',
    number: 'Card number',
    expiry: 'Expiration date',
    cvc: 'Security code',
    cvcHint: '3 digits, 4 for American Express',
    incomplete_number: 'Your card number is incomplete.',
    invalid_number: 'Your card number is invalid.',
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration month is invalid.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    incomplete_cvc: "Your card's security code is incomplete.",
    shippingLegend: 'Shipping address (simulated)',
    billingLegend: 'Billing address (simulated)',
    fullName: 'Full name',
    country: 'Country or region',
    line1: 'Address line 1',
    line2: 'Address line 2 (optional)',
    city: 'City',
    state: 'State or province',
    postalCode: 'Postal code',
    choose: 'Select…',
    incomplete_name: 'Enter your full name.',
    incomplete_line1: 'Enter your address.',
    incomplete_city: 'Enter your city.',
    incomplete_state: 'Select your state or province.',
    incomplete_postal_code: 'Enter your postal code.',
    invalid_postal_code: 'Your postal code is invalid.',
    challengeTitle: '3-D Secure authentication (simulated)',
    challengePage: '3-D Secure authentication',
    challengeHeading: 'Authenticate this payment',
    challengeText: 'Your bank asks you to confirm a payment of {amount}.',
    challengeCard: 'Your bank asks you to confirm a payment of {amount} with your {card}.',
    cardEnding: '{brand} card ending in {last4}',
    complete: 'Complete authentication',
    fail: 'Fail authentication',
    banner:
      'Stripe test-mode simulator: payments here are simulated. No real card is charged and no ' +
      'bank is contacted.',
  },
  de: {
    legend: 'Karte (simuliert)',
    number: 'Kartennummer',
    expiry: 'Ablaufdatum',
    cvc: 'Prüfnummer',
    cvcHint: '3 Ziffern, 4 bei American Express',
    incomplete_number: 'Ihre Kartennummer ist unvollständig.',
    invalid_number: 'Ihre Kartennummer ist ungültig.',
    incomplete_expiry: 'Das Ablaufdatum Ihrer Karte ist unvollständig.',
    invalid_expiry_month: 'Der Ablaufmonat Ihrer Karte ist ungültig.',
    invalid_expiry_year_past: 'Das Ablaufjahr Ihrer Karte liegt in der Vergangenheit.',
    invalid_expiry_month_past: 'Das Ablaufdatum Ihrer Karte liegt in der Vergangenheit.',
    invalid_expiry_year: 'Das Ablaufjahr Ihrer Karte ist ungültig.',
    incomplete_cvc: 'Die Prüfnummer Ihrer Karte ist unvollständig.',
    shippingLegend: 'Lieferadresse (simuliert)',
    billingLegend: 'Rechnungsadresse (simuliert)',
    fullName: 'Vollständiger Name',
    country: 'Land oder Region',
    line1: 'Adresszeile 1',
    line2: 'Adresszeile 2 (optional)',
    city: 'Ort',
    state: 'Bundesstaat oder Provinz',
    postalCode: 'Postleitzahl',
    choose: 'Auswählen…',
    incomplete_name: 'Geben Sie Ihren vollständigen Namen ein.',
    incomplete_line1: 'Geben Sie Ihre Adresse ein.',
    incomplete_city: 'Geben Sie Ihren Ort ein.',
    incomplete_state: 'Wählen Sie Ihren Bundesstaat oder Ihre Provinz.',
    incomplete_postal_code: 'Geben Sie Ihre Postleitzahl ein.',
    invalid_postal_code: 'Ihre Postleitzahl ist ungültig.',
    challengeTitle: '3-D-Secure-Authentifizierung (simuliert)',
    challengePage: '3-D-Secure-Authentifizierung',
    challengeHeading: 'Diese Zahlung bestätigen',
    challengeText: 'Ihre Bank bittet Sie, eine Zahlung von {amount} zu bestätigen.',
    challengeCard:
      'Ihre Bank bittet Sie, eine Zahlung von {amount} mit Ihrer {card} zu bestätigen.',
    cardEnding: '{brand}-Karte mit Endziffern {last4}',
    complete: 'Authentifizierung abschließen',
    fail: 'Authentifizierung fehlschlagen lassen',
    banner:
      'Stripe-Simulator im Testmodus: Zahlungen sind simuliert, keine Karte wird belastet, ' +
      'keine Bank kontaktiert.',
  },
  fr: {
    legend: 'Carte (simulée)',
    number: 'Numéro de carte',
    expiry: 'Date d’expiration',
    cvc: 'Cryptogramme',
    cvcHint: '3 chiffres, 4 pour American Express',
    incomplete_number: 'Le numéro de votre carte est incomplet.',
    invalid_number: 'Le numéro de votre carte n’est pas valide.',
    incomplete_expiry: 'La date d’expiration de votre carte est incomplète.',
    invalid_expiry_month: 'Le mois d’expiration de votre carte n’est pas valide.',
    invalid_expiry_year_past: 'L’année d’expiration de votre carte est passée.',
    invalid_expiry_month_past: 'La date d’expiration de votre carte est passée.',
    invalid_expiry_year: 'L’année d’expiration de votre carte n’est pas valide.',
    incomplete_cvc: 'Le cryptogramme de votre carte est incomplet.',
    shippingLegend: 'Adresse de livraison (simulée)',
    billingLegend: 'Adresse de facturation (simulée)',
    fullName: 'Nom complet',
    country: 'Pays ou région',
    line1: 'Adresse ligne 1',
    line2: 'Adresse ligne 2 (facultatif)',
    city: 'Ville',
    state: 'État ou province',
    postalCode: 'Code postal',
    choose: 'Choisir…',
    incomplete_name: 'Saisissez votre nom complet.',
    incomplete_line1: 'Saisissez votre adresse.',
    incomplete_city: 'Saisissez votre ville.',
    incomplete_state: 'Choisissez votre État ou province.',
    incomplete_postal_code: 'Saisissez votre code postal.',
    invalid_postal_code: 'Votre code postal n’est pas valide.',
    challengeTitle: 'Authentification 3-D Secure (simulée)',
    challengePage: 'Authentification 3-D Secure',
    challengeHeading: 'Confirmez ce paiement',
    challengeText: 'Votre banque vous demande de confirmer un paiement de {amount}.',
    challengeCard:
      'Votre banque vous demande de confirmer un paiement de {amount} avec votre {card}.',
    cardEnding: 'carte {brand} se terminant par {last4}',
    complete: 'Terminer l’authentification',
    fail: 'Faire échouer l’authentification',
    banner:
      'Simulateur Stripe en mode test : paiements simulés, aucune carte débitée, aucune banque ' +
      'contactée.',
  },
  es: {
    legend: 'Tarjeta (simulada)',
    number: 'Número de tarjeta',
    expiry: 'Fecha de caducidad',
    cvc: 'Código de seguridad',
    cvcHint: '3 dígitos, 4 en American Express',
    incomplete_number: 'El número de su tarjeta está incompleto.',
    invalid_number: 'El número de su tarjeta no es válido.',
    incomplete_expiry: 'La fecha de caducidad de su tarjeta está incompleta.',
    invalid_expiry_month: 'El mes de caducidad de su tarjeta no es válido.',
    invalid_expiry_year_past: 'El año de caducidad de su tarjeta ya ha pasado.',
    invalid_expiry_month_past: 'La fecha de caducidad de su tarjeta ya ha pasado.',
    invalid_expiry_year: 'El año de caducidad de su tarjeta no es válido.',
    incomplete_cvc: 'El código de seguridad de su tarjeta está incompleto.',
    shippingLegend: 'Dirección de envío (simulada)',
    billingLegend: 'Dirección de facturación (simulada)',
    fullName: 'Nombre completo',
    country: 'País o región',
    line1: 'Línea 1 de la dirección',
    line2: 'Línea 2 de la dirección (opcional)',
    city: 'Ciudad',
    state: 'Estado o provincia',
    postalCode: 'Código postal',
    choose: 'Seleccionar…',
    incomplete_name: 'Introduzca su nombre completo.',
    incomplete_line1: 'Introduzca su dirección.',
    incomplete_city: 'Introduzca su ciudad.',
    incomplete_state: 'Seleccione su estado o provincia.',
    incomplete_postal_code: 'Introduzca su código postal.',
    invalid_postal_code: 'Su código postal no es válido.',
    challengeTitle: 'Autenticación 3-D Secure (simulada)',
    challengePage: 'Autenticación 3-D Secure',
    challengeHeading: 'Autentique este pago',
    challengeText: 'Su banco le pide que confirme un pago de {amount}.',
    challengeCard: 'Su banco le pide que confirme un pago de {amount} con su {card}.',
    cardEnding: 'tarjeta {brand} terminada en {last4}',
    complete: 'Completar la autenticación',
    fail: 'Hacer fallar la autenticación',
    banner:
      'Simulador de Stripe en modo de prueba: pagos simulados, sin cargo a ninguna tarjeta ni ' +
      'contacto con bancos.',
  },
} as const satisfies Record<string, Record<string, string>>;

type SimLanguage = keyof typeof SIM_MESSAGES;
export type SimMessageKey = keyof (typeof SIM_MESSAGES)['en'];

/** One language's words: `t(key, params)` fills `{name}` placeholders. */
export interface SimWords {
  /** The language's tag, for lang attributes and Intl. */
  tag: string;
  t(key: SimMessageKey, params?: Record<string, string>): string;
}

/**
 * The words for a locale ("de", "de-CH", "auto"…); undefined, "auto" or an unknown one reads the
 * first of `fallbacks` that is known (the browser's languages), else English.
 */
export function simWords(locale: string | undefined, fallbacks: readonly string[] = []): SimWords {
  const candidates = locale && locale !== 'auto' ? [locale, ...fallbacks] : fallbacks;
  const tag = candidates.find((c) => c.split('-')[0]!.toLowerCase() in SIM_MESSAGES) ?? 'en';
  const messages: Record<SimMessageKey, string> =
    SIM_MESSAGES[tag.split('-')[0]!.toLowerCase() as SimLanguage];
  return {
    tag,
    t: (key, params = {}) =>
      messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole),
  };
}
