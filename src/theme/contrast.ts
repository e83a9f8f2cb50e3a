/**
 * Colour arithmetic for WCAG 2 contrast: relative luminance, contrast ratio, and the shade of a
 * colour that keeps a given contrast. Colours are `#rrggbb`. Pure: used by the theme (./index.ts)
 * and its tests.
 */

/** WCAG AA: normal text against its background. */
export const AA_TEXT = 4.5;
/** WCAG AA: user interface components and graphics (a focus ring, a field's border). */
export const AA_NON_TEXT = 3;

const HEX = /^#[0-9a-f]{6}$/i;

/** Whether `color` is a `#rrggbb` colour. */
export const isHexColor = (color: string): boolean => HEX.test(color);

function channels(color: string): [number, number, number] {
  if (!isHexColor(color)) throw new Error(`not a #rrggbb colour: ${color}`);
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

const hex = (rgb: number[]) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2's relative luminance (0 for black, 1 for white), with its sRGB threshold as axe uses it. */
export function luminance(color: string): number {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `color` moved a fraction `t` (0 to 1) of the way to `target`, in sRGB. */
export function mix(color: string, target: string, t: number): string {
  const from = channels(color);
  const to = channels(target);
  return hex(from.map((c, i) => c + (to[i]! - c) * t));
}

/** A colour a shade must stand out from, and by how much (a contrast ratio). */
type Need = [against: string, ratio: number];

/**
 * The shade of `color` nearest to it that meets every need, moving towards `target` (black to
 * darken, white to lighten) in 1/64 steps; `target` itself if no shade does (callers pick a target
 * that does).
 */
export function shadeFor(color: string, needs: Need[], target: string): string {
  for (let step = 0; step <= 64; step++) {
    const shade = mix(color, target, step / 64);
    if (needs.every(([other, ratio]) => contrast(shade, other) >= ratio)) return shade;
  }
  return target;
}
