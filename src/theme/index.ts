/**
 * The colours of every page, light and dark (prefers-color-scheme), as CSS custom properties served
 * at /theme.css (./route.ts): a fixed palette, and the shop's accent (src/shop/identity.ts) turned
 * into shades that keep WCAG AA contrast whatever accent the merchant chose. Pure.
 *
 * The accent is kept when it reads well; otherwise the nearest shade that does is used:
 * - light scheme: the Pay button is the accent, darkened until white text on it has 4.5:1;
 * - dark scheme: the button is the accent, lightened until dark text on it has 4.5:1, and so does
 *   the accent on the panel, as dark themes do with a brand colour;
 * - links and the focus ring: the accent darkened (light) or lightened (dark) to 4.5:1 against
 *   the page and the panel.
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { AA_NON_TEXT, AA_TEXT, contrast, shadeFor } from './contrast.js';

export type Scheme = 'light' | 'dark';

/** Every colour a page uses, by its custom property name (without the leading `--`). */
interface Palette {
  /** The page behind the panel, and the panel. */
  bg: string;
  surface: string;
  text: string;
  muted: string;
  /** Dividers (decorative). */
  line: string;
  /** Borders of inputs and selects. */
  field: string;
  bad: string;
  'bad-bg': string;
  good: string;
  'good-bg': string;
  /** The simulated/test-mode notice. */
  'notice-bg': string;
  'notice-text': string;
  /** The Pay button while paying, and its text. */
  busy: string;
  'on-busy': string;
  /** The Pay button and its text. */
  accent: string;
  'on-accent': string;
  /** Links and the focus ring. */
  link: string;
}

const WHITE = '#ffffff';
const BLACK = '#000000';

/** The fixed colours of each scheme (everything but the accent's). */
const BASE: Record<Scheme, Omit<Palette, 'accent' | 'on-accent' | 'link'>> = {
  light: {
    bg: '#f6f8fa',
    surface: WHITE,
    text: '#1a1f36',
    muted: '#4f566b',
    line: '#d5d9e2',
    field: '#7c859a',
    bad: '#b42318',
    'bad-bg': '#fdecea',
    good: '#146c2e',
    'good-bg': '#e3f4e8',
    'notice-bg': '#fff4e0',
    'notice-text': '#5c3d00',
    busy: '#5f6673',
    'on-busy': WHITE,
  },
  dark: {
    bg: '#0e1117',
    surface: '#171b24',
    text: '#e7e9ee',
    muted: '#a8b0bf',
    line: '#2e3441',
    field: '#7d879b',
    bad: '#ff9b91',
    'bad-bg': '#3b1f1d',
    good: '#86dfa5',
    'good-bg': '#17311f',
    'notice-bg': '#30260f',
    'notice-text': '#f4dca6',
    busy: '#99a1b0',
    'on-busy': '#0e1117',
  },
};

/** A scheme's palette for an accent (`#rrggbb`). */
export function palette(accent: string, scheme: Scheme): Palette {
  const base = BASE[scheme];
  const pages: [string, number][] = [
    [base.surface, AA_TEXT],
    [base.bg, AA_TEXT],
  ];
  if (scheme === 'light')
    return {
      ...base,
      accent: shadeFor(accent, [[WHITE, AA_TEXT]], BLACK),
      'on-accent': WHITE,
      link: shadeFor(accent, pages, BLACK),
    };
  return {
    ...base,
    accent: shadeFor(
      accent,
      [
        [base.bg, AA_TEXT],
        [base.surface, AA_TEXT],
      ],
      WHITE,
    ),
    'on-accent': base.bg,
    link: shadeFor(accent, pages, WHITE),
  };
}

/**
 * The pairs of a palette that must contrast, with the ratio each needs: text on the backgrounds it
 * is shown on (4.5:1), and controls against the panel (3:1). The theme's tests check every one.
 */
const CONTRAST_PAIRS: [fg: keyof Palette, bg: keyof Palette, ratio: number][] = [
  ...(['text', 'muted', 'bad', 'good', 'link'] as const).flatMap((fg) => [
    [fg, 'surface', AA_TEXT] as [keyof Palette, keyof Palette, number],
    [fg, 'bg', AA_TEXT] as [keyof Palette, keyof Palette, number],
  ]),
  ['on-accent', 'accent', AA_TEXT],
  // The button stands out from the panel, and the accent reads as text on it (the console's).
  ['accent', 'surface', AA_TEXT],
  ['field', 'surface', AA_NON_TEXT],
  ['bad', 'bad-bg', AA_TEXT],
  ['text', 'bad-bg', AA_TEXT],
  ['good', 'good-bg', AA_TEXT],
  ['notice-text', 'notice-bg', AA_TEXT],
  ['on-busy', 'busy', AA_TEXT],
];

/** The pairs of a palette below their ratio, as "fg on bg: ratio" (empty when it is AA). */
export function contrastProblems(colors: Palette): string[] {
  return CONTRAST_PAIRS.filter(([fg, bg, ratio]) => contrast(colors[fg], colors[bg]) < ratio).map(
    ([fg, bg]) => `${fg} on ${bg}: ${contrast(colors[fg], colors[bg]).toFixed(2)}`,
  );
}

const declarations = (colors: Palette) =>
  Object.entries(colors)
    .map(([name, value]) => `--${name}:${value}`)
    .join(';');

/**
 * The stylesheet of /theme.css: the light palette, and the dark one for prefers-color-scheme.
 * Every page that links it says `<meta name="color-scheme" content="light dark">` (src/pages/
 * shell.ts), before any stylesheet arrives: the stylesheet does not say it again.
 */
export function themeCss(accent: string): string {
  return (
    `:root{${declarations(palette(accent, 'light'))}}` +
    `@media (prefers-color-scheme:dark){:root{${declarations(palette(accent, 'dark'))}}}`
  );
}
