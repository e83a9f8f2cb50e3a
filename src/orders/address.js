// @ts-check
/**
 * An order's shipping address on one line, as the receipt and the console show it (plain
 * JavaScript with JSDoc types, like ./view.js, so that the console's script and Node read it too).
 */

/**
 * "Erika Mustermann, Unter den Linden 1, 10117 Berlin, DE".
 * @param {{ name: string, address: { line1?: string | null, line2?: string | null,
 *   city?: string | null, state?: string | null, postal_code?: string | null,
 *   country?: string | null } }} shipping
 * @returns {string}
 */
export function addressText({ name, address }) {
  const place = [address.postal_code, address.city, address.state].filter(Boolean).join(' ');
  return [name, address.line1, address.line2, place, address.country].filter(Boolean).join(', ');
}
