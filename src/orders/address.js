// @ts-check
/**
 * An order's shipping address on one line, as the receipt and the console show it (plain
 * JavaScript with JSDoc types, like ./view.js, so that the console's script and Node read it too).
 */

/**
 * "Erika Mustermann, Unter den Linden 1, 10117 Berlin, Deutschland".
 * @param {{ name: string, address: { line1?: string | null, line2?: string | null,
 *   city?: string | null, state?: string | null, postal_code?: string | null,
 *   country?: string | null } }} shipping
 * @param {(code: string) => string} countryName the country's name in the reader's language
 *   (src/i18n/countries.ts); without it, its ISO code
 * @returns {string}
 */
export function addressText({ name, address }, countryName = (code) => code) {
  const place = [address.postal_code, address.city, address.state].filter(Boolean).join(' ');
  const country = address.country ? countryName(address.country) : null;
  return [name, address.line1, address.line2, place, country].filter(Boolean).join(', ');
}
