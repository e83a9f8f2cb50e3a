import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrast, luminance, mix } from './contrast';
import { contrastProblems, palette, themeCss, type Scheme } from '.';

const SCHEMES: Scheme[] = ['light', 'dark'];
/** The example shop's accent, and a pale one no white text could be read on. */
const EXAMPLE = '#4f46e5';
const PALE = '#fde68a';

describe('contrast', () => {
  it("is WCAG 2's ratio: 21 for black on white, 1 for a colour on itself", () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#4f46e5', '#4f46e5')).toBe(1);
    expect(luminance('#ffffff')).toBe(1);
    // A known pair: #767676 on white is the classic 4.54:1.
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('mixes towards a target', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#4f46e5', '#000000', 0)).toBe('#4f46e5');
  });
});

describe('the palette', () => {
  it.each(SCHEMES)('keeps the example accent, readable, in the %s scheme', (scheme) => {
    const colors = palette(EXAMPLE, scheme);
    expect(contrastProblems(colors)).toEqual([]);
    if (scheme === 'light') expect([colors.accent, colors.link]).toEqual([EXAMPLE, EXAMPLE]);
  });

  it.each(SCHEMES)('derives readable shades of a pale accent in the %s scheme', (scheme) => {
    const colors = palette(PALE, scheme);
    expect(contrastProblems(colors)).toEqual([]);
    // On a white panel a pale yellow is darkened for the button and its links...
    if (scheme === 'light') {
      expect(colors.accent).not.toBe(PALE);
      expect(contrast(colors['on-accent'], colors.accent)).toBeGreaterThanOrEqual(4.5);
    }
    // ...and on a dark one it is already light enough to keep.
    if (scheme === 'dark') expect(colors.accent).toBe(PALE);
  });

  it('is AA in both schemes for any accent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const accent = `#${n.toString(16).padStart(6, '0')}`;
        return SCHEMES.every((scheme) => contrastProblems(palette(accent, scheme)).length === 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('themeCss', () => {
  it('declares every colour for light, and again for prefers-color-scheme: dark', () => {
    const css = themeCss(EXAMPLE);
    const [light, dark] = css.split('@media (prefers-color-scheme:dark)');
    for (const [name, value] of Object.entries(palette(EXAMPLE, 'light')))
      expect(light).toContain(`--${name}:${value}`);
    for (const [name, value] of Object.entries(palette(EXAMPLE, 'dark')))
      expect(dark).toContain(`--${name}:${value}`);
  });
});
