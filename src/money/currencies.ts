/**
 * The currencies Stripe charges in (its presentment currencies, docs.stripe.com/currencies, for
 * card payments): about 135, fewer than the 162 Intl knows (no VES, IRR or GHS), so a price in a
 * currency Intl can print may still be one Stripe refuses. Beside format.js, which holds Stripe's
 * units of these currencies. Used by the shop's checks (src/catalog/check.ts,
 * src/shipping/check.ts); the simulator keeps its own copy (stripe-sim/src/currencies.ts), which
 * src/money/index.test.ts checks is this one.
 */
export const STRIPE_CURRENCIES: ReadonlySet<string> = new Set(
  (
    'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp ' +
    'byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip ' +
    'gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt ' +
    'lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr ' +
    'nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd ' +
    'std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
  ).split(' '),
);
