/**
 * Shared look of every chart: a colour-blind-safe palette (Okabe & Ito, 2008), the bundled
 * DejaVu Sans font (so text renders identically in SVG, PNG and on a machine without fonts),
 * and English/Dutch labels.
 */

/** Okabe–Ito palette, safe for the common forms of colour blindness. */
export const PALETTE = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
  black: '#000000',
} as const;

/** Fixed colours for the study groups, used by every chart so a group keeps its colour. */
export const GROUP_COLORS: Record<string, string> = {
  homestart: PALETTE.blue,
  control: PALETTE.orange,
  norm: PALETTE.grey,
};

/** Colours for the Jacobson–Truax change categories, from good to bad. */
export const CATEGORY_COLORS: Record<string, string> = {
  recovered: PALETTE.bluishGreen,
  improved: PALETTE.skyBlue,
  unchanged: PALETTE.grey,
  deteriorated: PALETTE.orange,
  harmed: PALETTE.vermillion,
};

export const FONT_FAMILY = 'DejaVu Sans';

/** Vega-Lite `config` applied to every spec. */
export function chartConfig(): Record<string, unknown> {
  return {
    font: FONT_FAMILY,
    background: 'white',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6' },
    legend: { labelFontSize: 11, titleFontSize: 12 },
    title: { fontSize: 14, anchor: 'start' },
    range: { category: Object.values(PALETTE).slice(0, 8) },
  };
}

export type Lang = 'en' | 'nl';

const LABELS: Record<string, { en: string; nl: string }> = {
  homestart: { en: 'Home-Start', nl: 'Home-Start' },
  control: { en: 'Comparison group', nl: 'Vergelijkingsgroep' },
  norm: { en: 'Norm group', nl: 'Normgroep' },
  group: { en: 'Group', nl: 'Groep' },
  wave: { en: 'Wave', nl: 'Meting' },
  mean: { en: 'Mean', nl: 'Gemiddelde' },
  score: { en: 'Score', nl: 'Score' },
  pre: { en: 'Pre-test', nl: 'Voormeting' },
  post: { en: 'Post-test', nl: 'Nameting' },
  change: { en: 'Change', nl: 'Verandering' },
  participants: { en: 'Participants', nl: 'Deelnemers' },
  n: { en: 'n', nl: 'n' },
  recovered: { en: 'Recovered', nl: 'Hersteld' },
  improved: { en: 'Improved', nl: 'Verbeterd' },
  unchanged: { en: 'Unchanged', nl: 'Onveranderd' },
  deteriorated: { en: 'Deteriorated', nl: 'Verslechterd' },
  harmed: { en: 'Harmed', nl: 'Geschaad' },
  effectSize: { en: 'Effect size', nl: 'Effectgrootte' },
  outcome: { en: 'Outcome', nl: 'Uitkomstmaat' },
  percent: { en: 'Percentage', nl: 'Percentage' },
  families: { en: 'Families', nl: 'Gezinnen' },
};

/** Label in the chosen language; unknown keys are returned as given. */
export function label(key: string, lang: Lang = 'en'): string {
  return LABELS[key]?.[lang] ?? key;
}
