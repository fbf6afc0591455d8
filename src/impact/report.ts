/**
 * The yearly report ("jaarverslag") of a scope: the figures of `figures.ts`, passed through the
 * small-cell suppression of `suppression.ts`, as one self-contained HTML file (charts as inline SVG),
 * every table as CSV and in one XLSX workbook, and one JSON with every published figure.
 *
 * Privacy: every published count goes through one linked suppression run (all tables, both years,
 * the history and the per-region/per-site breakdowns share their cells, so a figure hidden in one table
 * is hidden wherever it appears, and each total is a sum constraint of its breakdown). Percentages of
 * hidden counts or bases, and statistics (median, mean, ratios) computed on fewer than `threshold`
 * records are hidden too. No family, volunteer, trajectory or site id, and no free text from the
 * input (e.g. localities), is ever written: sites are named by their municipality, categories by
 * their fixed labels.
 */
import { randomUUID } from 'node:crypto';
import { scopedFileName, scopeSlug } from '../util/atomic-write.js';
import { registrationLabel, FAMILY_PROFILE_LABELS, type RegistrationLabelKind } from './labels.js';
import { CHILD_AGE_BANDS, DURATION_BINS, PROFILE_FLAGS, periodLabel, type ImpactFigures, type ImpactPeriod, type PeriodFigures, type BreakdownRow } from './figures.js';
import { suppressCounts, type CellStatus, type SuppressionOptions } from './suppression.js';
import { BREAKDOWN_MEASURES, collectPublicationCells, globalKey, localityKey, layoutMergedCode, layoutTableCodes, MERGEABLE_TABLES, ORDERED_TABLES, publicationKey, publicationPeriods, type OpenEndedTails, type PublicationLayout } from './publication.js';
import { codesWith, countCell, fmtNumber, percentCell, plainCell, positionKeys, reportCellText, reportCellValue, statCell, textCell, type Pub } from './published-cells.js';
import { escapeHtml, publicationFileBytes, REPORT_CSS, tableHtml, tablesWorkbook, writePublicationFiles } from './publication-files.js';
import { onHelperThread, warmHelperThread } from '../util/helper-thread.js';
import { StatsError } from '../stats/result.js';
import { funnelChartSpec, impactBarChart, impactGroupedBarChart, impactTrendChart, type ImpactBarRow, type ImpactTrendRow } from '../charts/impact.js';
import type { VegaLiteSpec } from '../charts/render.js';
import { chartGroupKey, ChartSvgCache } from '../charts/svg-cache.js';
import { funnelSectionText, publishedSiteFunnels, type PublishedFunnel } from './site-comparison.js';

export type ReportLang = 'nl' | 'en';

export interface PublishOptions extends SuppressionOptions {
  /** Language of labels and text (default `nl`). */
  lang?: ReportLang;
  /**
   * The status of every count decided over the whole publication set and audited (disclosure.ts).
   * Without it, `publishFigures` falls back to the per-publication suppression of suppression.ts: a
   * preview for notebooks, NOT audited against the other publications (`writeReport` always audits).
   */
  decisions?: PublicationDecisions;
  /** Categories combined and tables left out (publication.ts); default: the decisions' layout of this publication. */
  layout?: PublicationLayout;
}

/** Cell statuses decided for a whole publication set (see `protectPublicationSet` in disclosure.ts). */
export interface PublicationDecisions {
  threshold: number;
  /** "<t" means 0 … t − 1 (zeros can be hidden) rather than 1 … t − 1. */
  zeroHidden: boolean;
  /** Status of a count by its global key (publication.ts); undefined = shown; `withheld` = left out ("."). */
  statusOf(globalKey: string): CellStatus | 'withheld' | undefined;
  /** Hidden cells the audit could not prove protected (0 when the set may be published). */
  unprotected: number;
  /**
   * The layout of a publication by its id (`<scope>|<period key>`): categories combined and tables left
   * out where no suppression pattern could protect them (disclosure.ts); undefined = every table as is.
   */
  layoutOf?(publicationId: string): PublicationLayout | undefined;
  /**
   * The open-ended classes each publication prints merged, decided over the whole set (publication.ts
   * `decideOpenEndedTails`), by publication id `<scope>|<period key>`; undefined: the publication's own
   * columns decide.
   */
  openEndedTails?(publicationId: string): OpenEndedTails | undefined;
}

/** One published cell. `value` is null when hidden; `mark` is what is printed instead. */
export interface PublishedCell {
  kind: 'count' | 'percent' | 'stat' | 'plain' | 'text';
  value: number | null;
  /** For hidden cells: "<5", "x", "n<5" or "." (left out); for text cells the text. */
  mark: string | null;
  status: CellStatus | 'small-n' | 'withheld' | null;
  /** Decimals used when printing a number. */
  digits: number;
}

export interface PublishedRow {
  label: string;
  cells: PublishedCell[];
}

/** A published table: labelled rows, every count already suppressed. */
export interface PublishedTable {
  /** File-safe id, also the CSV file name and the XLSX sheet name. */
  id: string;
  title: string;
  /** Header of the label column and of each cell column. */
  columns: string[];
  rows: PublishedRow[];
  note?: string;
  /** Cell indices shown in the HTML report (all when absent); CSV, XLSX and JSON always hold every cell. */
  htmlCells?: number[];
  /** The table is left out of this publication (no rows; the note says why). */
  leftOut?: boolean;
  /** The row that combines categories, and the labels of the categories it combines (the note says why). */
  merged?: { label: string; of: string[] };
  /**
   * The rows left out of a summary table (publication.ts `PublicationLayout.leftOutRows`): their labels (the names
   * of sites or regions) and the sentence that says which and why ({@link leftOutRowsNote}, also in `note`). Not
   * printed; the total row still counts them.
   */
  leftOutRows?: { labels: string[]; note: string };
}

export interface PublishedFigures {
  lang: ReportLang;
  threshold: number;
  suppressZero: boolean;
  scopeLabel: string;
  /** The calendar year reported on; null for any other period. */
  year: number | null;
  /** The previous year beside it; null when the period is not a year or the data do not cover the previous one. */
  previousYear: number | null;
  /** The period reported on (a calendar year is one too). */
  period: ImpactPeriod;
  /** The period as the report names it: `2024`, `maart 2018 – juni 2021`. */
  periodLabel: string;
  /** The previous period of equal length as the report names it; null when the data do not cover it. */
  previousPeriodLabel: string | null;
  /** Last day counted: the period's last day, or the reference date for a running period. */
  snapshotDate: string;
  referenceDate: string;
  /** The period was not over on the reference date (running: counted up to the reference date). */
  partialYear: boolean;
  volunteerHoursPerWeek: number;
  tables: PublishedTable[];
  /** Counts of hidden cells over the whole publication. */
  suppressed: { primary: number; secondary: number; auditAdded: number; cells: number; unprotected: number; withheld: number };
  /** Data for the charts, taken from the published cells only. */
  charts: {
    trend: ImpactTrendRow[];
    referrers: ImpactBarRow[];
    helpQuestions: ImpactBarRow[];
    duration: ImpactBarRow[];
    endReasons: ImpactBarRow[];
    volunteerFlow: ImpactBarRow[];
    /** Funnel plots of the sites against the national value (national report only; site-comparison.ts). */
    funnels: PublishedFunnel[];
  };
}

// ---------------------------------------------------------------------------------------------
// Text

const TEXT = {
  nl: {
    reportTitle: 'Jaarverslag Home-Start',
    periodTitle: 'Evaluatie Home-Start',
    running: (d: string) => `lopend tot ${d}`,
    periodIntro: (scope: string, label: string, prev: string | null, ref: string, partial: boolean, snapshot: string) =>
      `Dit verslag beschrijft ${scope} over de periode ${label}${prev ? `, met de even lange periode ervoor (${prev}) ernaast ter vergelijking` : ''}; de tabel per jaar deelt de periode op in kalenderjaren. De cijfers komen uit de registratie (peildatum ${ref}).` +
      (partial ? ` Let op: de periode was op de peildatum nog niet voorbij (lopend tot ${snapshot}); alle cijfers zijn geteld tot en met ${snapshot} en voorlopig.` : ''),
    national: 'landelijk',
    region: 'Regio',
    site: 'Home-Start',
    figure: 'Cijfer',
    category: 'Categorie',
    total: 'Totaal',
    percentOf: '%',
    tables: {
      'kerncijfers': 'Kerncijfers',
      'gezinnen-per-jaar': 'Gezinnen en vrijwilligers per jaar',
      'intake': 'Aangemelde gezinnen naar uitkomst van de intake',
      'niet-ondersteund': 'Niet ondersteunde gezinnen naar reden',
      'verwijzers': 'Aangemelde gezinnen naar verwijzer',
      'hulpvragen': 'Ondersteunde gezinnen naar hulpvraag',
      'gezinsprofiel': 'Profiel van de ondersteunde gezinnen',
      'kinderen': 'Kinderen in de ondersteunde gezinnen naar leeftijd',
      'kernen': 'Ondersteunde gezinnen naar kern (dorp of wijk)',
      'duur': 'Duur van de afgesloten trajecten (maanden)',
      'afsluitredenen': 'Afgesloten trajecten naar reden van afsluiting',
      'doelen': 'Afgesloten trajecten: doelen bereikt',
      'doorverwijzing': 'Doorverwezen naar professionele hulp na Home-Start',
      'gas': 'Doelrealisatie (GAS, T-scores)',
      'vrijwilligers-gender': 'Vrijwilligers naar gender',
      'vrijwilligers-gestopt': 'Gestopte vrijwilligers naar reden',
      'regios': 'Kerncijfers per regio',
      'locaties': 'Kerncijfers per locatie',
    } as Record<string, string>,
    measures: {
      sites: 'Locaties',
      registered: 'Gezinnen aangemeld',
      supported: 'Gezinnen ondersteund in het jaar',
      newlyMatched: 'Gezinnen nieuw gekoppeld',
      active: 'Gezinnen lopend op 31 december',
      closed: 'Trajecten afgesloten',
      notSupported: 'Gezinnen niet ondersteund',
      children: 'Kinderen bereikt',
      volRegistered: 'Vrijwilligers aangemeld',
      volTrained: 'Vrijwilligers getraind',
      volActiveYear: 'Vrijwilligers actief in het jaar',
      volActiveEnd: 'Vrijwilligers actief op 31 december',
      volInTraining: 'Vrijwilligers in opleiding op 31 december',
      volNotDeployable: 'van wie tijdelijk niet inzetbaar (op de peildatum)',
      volStopped: 'Vrijwilligers gestopt',
      perVolunteer: 'Gezinnen per actieve vrijwilliger',
      hours: 'Geschatte vrijwilligersuren',
      cost: 'Kosten per ondersteund gezin (EUR)',
      medianDuration: 'Mediane duur afgesloten trajecten (maanden)',
      referredPct: 'Doorverwezen naar professionele hulp (% afgesloten)',
      q1q3: 'Kwartielen (Q1–Q3)',
      median: 'Mediaan',
      mean: 'Gemiddelde',
      referred: 'Doorverwezen naar professionele hulp',
      followUp: 'Nazorggesprek gehouden',
      gasN: 'Trajecten met GAS voor en na',
      gasBefore: 'Gemiddelde T-score bij start',
      gasAfter: 'Gemiddelde T-score bij afsluiting',
      gas50: 'T-score ≥ 50 bij afsluiting',
      gasUp: 'T-score gestegen',
      base: 'Ondersteunde gezinnen (basis)',
      year: 'Jaar',
      known: 'n bekend',
      unknown: 'Onbekend',
      registeredCol: 'Aangemeld',
      activeCol: 'Actief in het jaar',
      name: 'Naam',
    } as Record<string, string>,
    charts: {
      trend: 'Gezinnen per jaar',
      referrers: 'Verwijzers (% van aangemelde gezinnen)',
      help: 'Hulpvragen (% van ondersteunde gezinnen)',
      duration: 'Duur van afgesloten trajecten (aantal trajecten per duur in maanden)',
      end: 'Redenen van afsluiting (aantal trajecten)',
      flow: 'Vrijwilligers: instroom, training, uitstroom en actief',
      flowLabels: ['Aangemeld', 'Getraind', 'Gestopt', 'Actief 31-12'],
      months: 'maanden',
    },
    ageBand: (b: string) => (b === '0' ? 'Jonger dan 1 jaar' : b.endsWith('+') ? `${b.slice(0, -1)} jaar en ouder` : `${b} jaar`),
    durationBin: (b: string) => (b.endsWith('+') ? `${b.slice(0, -1)} maanden of langer` : `${b.replace('-', '–')} maanden`),
    intro: (scope: string, year: number, ref: string, partial: boolean) =>
      `Dit verslag beschrijft ${scope} in ${year}, met ${year - 1} ernaast ter vergelijking. De cijfers komen uit de registratie (peildatum ${ref}).` +
      (partial ? ` Let op: ${year} was op de peildatum nog niet voorbij; de cijfers over dat jaar zijn voorlopig.` : ''),
    howTitle: 'Hoe deze cijfers geteld zijn',
    how: (h: number) => [
      '<b>Aangemeld</b>: gezinnen met een aanmelddatum in het jaar. <b>Niet ondersteund</b> en de redenen gaan over die aangemelde gezinnen.',
      '<b>Ondersteund in het jaar</b>: gezinnen met ten minste één traject dat in het jaar liep (gekoppeld op of vóór 31 december en niet afgesloten vóór 1 januari). Een gezin telt één keer, ook bij meer trajecten.',
      '<b>Lopend op 31 december</b>: gekoppeld op of vóór 31 december en niet afgesloten vóór 31 december. Een traject dat op 31 december eindigt, telt als lopend op 31 december én als afgesloten in dat jaar.',
      '<b>Afgesloten</b>: trajecten met een einddatum in het jaar. Duur = einddatum − koppeldatum in dagen / 30,44 (maanden); mediaan en kwartielen zoals R <code>quantile(type = 7)</code>.',
      '<b>Hulpvragen</b>: een gezin kan meer hulpvragen hebben; de percentages zijn percentages van gezinnen, niet van antwoorden, en tellen op tot meer dan 100%.',
      '<b>Gezinsprofiel</b>: percentage van de ondersteunde gezinnen waarbij het kenmerk is vastgelegd (n bekend).',
      '<b>Doorverwezen naar professionele hulp</b>: afgesloten trajecten met die afsluitreden of met een doorverwijzing bij het nazorggesprek (ongeveer 3 maanden later; voor trajecten die laat in het jaar eindigden kan dat gesprek nog niet geweest zijn).',
      `<b>Vrijwilligers actief in het jaar</b>: actief vanaf een datum op of vóór 31 december en niet gestopt vóór 1 januari. <b>Geschatte vrijwilligersuren</b> = weken dat trajecten in het jaar liepen × ${String(h).replace('.', ',')} uur per week (één dagdeel).`,
      '<b>Kosten per ondersteund gezin</b>: begroting van de locaties die er een opgaven, gedeeld door de gezinnen die zij in het jaar ondersteunden.',
    ],
    suppressionTitle: 'Privacy: kleine aantallen',
    suppression: (t: number, zero: boolean) =>
      `Aantallen van 1 tot en met ${t - 1} staan er als „&lt;${t}”${zero ? ' (ook nul wordt verborgen)' : '; nul wordt wel getoond'}. ` +
      `Waar zo’n klein aantal uit een totaal terug te rekenen zou zijn, is ook een ander aantal verborgen; dat staat er als „x”. ` +
      `Percentages van verborgen aantallen zijn ook verborgen, en gemiddelden, medianen en verhoudingen over minder dan ${t} gezinnen of trajecten staan er als „n&lt;${t}”. ` +
      `Alle verslagen uit dezelfde registratie (landelijk, per regio en per locatie, alle jaren) zijn samen afgeschermd, en gecontroleerd zoals iemand die al die bestanden naast elkaar legt zou rekenen; een „.” betekent: niet gepubliceerd, omdat geen afscherming dat getal kon beschermen. ` +
      `Er staan geen namen, nummers of vrije tekst van gezinnen of vrijwilligers in dit verslag.`,
    filesNote: 'Alle tabellen staan ook als CSV (map tables/), in één Excel-bestand en als JSON naast dit verslag.',
    generated: 'Gemaakt met homestart-impact',
    synthetic: '',
  },
  en: {
    reportTitle: 'Home-Start annual report',
    periodTitle: 'Home-Start evaluation',
    running: (d: string) => `running to ${d}`,
    periodIntro: (scope: string, label: string, prev: string | null, ref: string, partial: boolean, snapshot: string) =>
      `This report describes ${scope} over the period ${label}${prev ? `, with the previous period of equal length (${prev}) beside it for comparison` : ''}; the table per year splits the period into calendar years. The figures come from the registration data (reference date ${ref}).` +
      (partial ? ` Note: the period was not over on the reference date (running to ${snapshot}); every figure is counted up to and including ${snapshot} and is provisional.` : ''),
    national: 'national',
    region: 'Region',
    site: 'Home-Start',
    figure: 'Figure',
    category: 'Category',
    total: 'Total',
    percentOf: '%',
    tables: {
      'kerncijfers': 'Key figures',
      'gezinnen-per-jaar': 'Families and volunteers per year',
      'intake': 'Registered families by intake outcome',
      'niet-ondersteund': 'Families not supported, by reason',
      'verwijzers': 'Registered families by referrer',
      'hulpvragen': 'Supported families by help question',
      'gezinsprofiel': 'Profile of the supported families',
      'kinderen': 'Children in the supported families by age',
      'kernen': 'Supported families by locality (village or district)',
      'duur': 'Duration of closed trajectories (months)',
      'afsluitredenen': 'Closed trajectories by end reason',
      'doelen': 'Closed trajectories: goals reached',
      'doorverwijzing': 'Referred to professional care after Home-Start',
      'gas': 'Goal attainment (GAS, T-scores)',
      'vrijwilligers-gender': 'Volunteers by gender',
      'vrijwilligers-gestopt': 'Volunteers who stopped, by reason',
      'regios': 'Key figures per region',
      'locaties': 'Key figures per site',
    } as Record<string, string>,
    measures: {
      sites: 'Sites',
      registered: 'Families registered',
      supported: 'Families supported in the year',
      newlyMatched: 'Families newly matched',
      active: 'Families active on 31 December',
      closed: 'Trajectories closed',
      notSupported: 'Families not supported',
      children: 'Children reached',
      volRegistered: 'Volunteers registered',
      volTrained: 'Volunteers trained',
      volActiveYear: 'Volunteers active during the year',
      volActiveEnd: 'Volunteers active on 31 December',
      volInTraining: 'Volunteers in training on 31 December',
      volNotDeployable: 'of whom not deployable for now (on the reference date)',
      volStopped: 'Volunteers who stopped',
      perVolunteer: 'Families per active volunteer',
      hours: 'Estimated volunteer hours',
      cost: 'Cost per supported family (EUR)',
      medianDuration: 'Median duration of closed trajectories (months)',
      referredPct: 'Referred to professional care (% of closed)',
      q1q3: 'Quartiles (Q1–Q3)',
      median: 'Median',
      mean: 'Mean',
      referred: 'Referred to professional care',
      followUp: 'Follow-up call held',
      gasN: 'Trajectories with GAS before and after',
      gasBefore: 'Mean T-score at the start',
      gasAfter: 'Mean T-score at closing',
      gas50: 'T-score ≥ 50 at closing',
      gasUp: 'T-score rose',
      base: 'Supported families (base)',
      year: 'Year',
      known: 'n known',
      unknown: 'Unknown',
      registeredCol: 'Registered',
      activeCol: 'Active in the year',
      name: 'Name',
    } as Record<string, string>,
    charts: {
      trend: 'Families per year',
      referrers: 'Referrers (% of registered families)',
      help: 'Help questions (% of supported families)',
      duration: 'Duration of closed trajectories (number of trajectories by months)',
      end: 'End reasons (number of trajectories)',
      flow: 'Volunteers: registered, trained, stopped and active',
      flowLabels: ['Registered', 'Trained', 'Stopped', 'Active 31 Dec'],
      months: 'months',
    },
    ageBand: (b: string) => (b === '0' ? 'Under 1 year' : b.endsWith('+') ? `${b.slice(0, -1)} years and older` : `${b} years`),
    durationBin: (b: string) => (b.endsWith('+') ? `${b.slice(0, -1)} months or more` : `${b.replace('-', '–')} months`),
    intro: (scope: string, year: number, ref: string, partial: boolean) =>
      `This report describes ${scope} in ${year}, with ${year - 1} beside it for comparison. The figures come from the registration data (reference date ${ref}).` +
      (partial ? ` Note: ${year} was not over on the reference date; its figures are provisional.` : ''),
    howTitle: 'How these figures are counted',
    how: (h: number) => [
      '<b>Registered</b>: families with a registration date in the year. <b>Not supported</b> and its reasons refer to these registered families.',
      '<b>Supported in the year</b>: families with at least one trajectory running in the year (matched on or before 31 December and not ended before 1 January). A family counts once, however many trajectories it had.',
      '<b>Active on 31 December</b>: matched on or before 31 December and not ended before 31 December. A trajectory ending on 31 December counts as active on 31 December and as closed in that year.',
      '<b>Closed</b>: trajectories with an end date in the year. Duration = end date − match date in days / 30.44 (months); median and quartiles as R <code>quantile(type = 7)</code>.',
      '<b>Help questions</b>: a family can have several; the percentages are of families, not of answers, and add up to more than 100%.',
      '<b>Family profile</b>: percentage of the supported families for whom the characteristic was recorded (n known).',
      '<b>Referred to professional care</b>: closed trajectories with that end reason or with a referral at the follow-up call (about 3 months later; for trajectories closed late in the year that call may not have happened yet).',
      `<b>Volunteers active during the year</b>: active from a date on or before 31 December and not stopped before 1 January. <b>Estimated volunteer hours</b> = weeks that trajectories were running in the year × ${h} hours a week (one part of a day).`,
      '<b>Cost per supported family</b>: the budgets of the sites that reported one, divided by the families they supported in the year.',
    ],
    suppressionTitle: 'Privacy: small numbers',
    suppression: (t: number, zero: boolean) =>
      `Counts from 1 to ${t - 1} are shown as “&lt;${t}”${zero ? ' (zeros are hidden too)' : '; zero is shown'}. ` +
      `Where such a small count could be worked out from a total, another count is hidden as well, shown as “x”. ` +
      `Percentages of hidden counts are hidden too, and means, medians and ratios over fewer than ${t} families or trajectories are shown as “n&lt;${t}”. ` +
      `All reports from the same registration data (national, per region and per site, every year) are protected together and audited as someone holding all those files side by side would calculate; a “.” means not published, because no suppression could protect that count. ` +
      `This report contains no names, numbers or free text of families or volunteers.`,
    filesNote: 'Every table is also available as CSV (folder tables/), in one Excel workbook and as JSON next to this report.',
    generated: 'Made with homestart-impact',
    synthetic: '',
  },
};

type Text = (typeof TEXT)['nl'];

export { publishedCellPlaces, reportCellText, reportCellValue } from './published-cells.js';

/**
 * The year's wording turned into a period's ("in het jaar" → "in de periode", "op 31 december" → "aan
 * het eind van de periode"), in this order (longest phrases first). The definitions are the same: a
 * calendar year is one period among others (figures.ts, PeriodFigures).
 */
const PERIOD_WORDS: Record<ReportLang, Array<[string, string]>> = {
  nl: [
    ['op of vóór 31 december', 'op of vóór de laatste dag van de periode'],
    ['vóór 31 december', 'vóór de laatste dag'],
    ['vóór 1 januari', 'vóór de eerste dag van de periode'],
    ['op 31 december eindigt', 'op de laatste dag eindigt'],
    ['Lopend op 31 december', 'Lopend aan het eind van de periode'],
    ['op 31 december', 'aan het eind van de periode'],
    ['in dat jaar', 'in de periode'],
    ['in het jaar', 'in de periode'],
    ['Actief 31-12', 'Actief aan het eind'],
    ['per locatie, alle jaren)', 'per locatie, alle jaren en perioden)'],
    ['begroting van de locaties die er een opgaven,', 'jaarbegroting van de locaties die er een opgaven, naar rato van de dagen van de periode,'],
  ],
  en: [
    ['on or before 31 December', 'on or before the last day of the period'],
    ['before 31 December', 'before the last day'],
    ['before 1 January', 'before the first day of the period'],
    ['ending on 31 December', 'ending on the last day'],
    ['Active on 31 December', 'Active at the end of the period'],
    ['on 31 December', 'at the end of the period'],
    ['in that year', 'in the period'],
    ['in the year', 'in the period'],
    ['during the year', 'during the period'],
    ['Active 31 Dec', 'Active at the end'],
    ['per site, every year)', 'per site, every year and period)'],
    ['the budgets of the sites that reported one,', 'the yearly budgets of the sites that reported one, pro rata to the days of the period,'],
  ],
};

function periodWords<T>(x: T, lang: ReportLang): T {
  if (typeof x === 'string') return PERIOD_WORDS[lang].reduce((t, [a, b]) => t.split(a).join(b), x as string) as T;
  if (typeof x === 'function') return ((...args: unknown[]) => periodWords((x as (...a: unknown[]) => unknown)(...args), lang)) as T;
  if (Array.isArray(x)) return x.map((v) => periodWords(v, lang)) as T;
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, periodWords(v, lang)])) as T;
  return x;
}

const PERIOD_TEXT: Record<ReportLang, Text> = { nl: periodWords(TEXT.nl, 'nl'), en: periodWords(TEXT.en, 'en') as unknown as Text };

/**
 * The report's words for a calendar year (`periodic` false) or any other period — a calendar year still
 * running on the reference date included: its counts "on 31 December" are counts on the reference date,
 * so it says "at the end of the period" (the title says up to which date it runs).
 */
function textFor(lang: ReportLang, periodic: boolean): Text {
  return periodic ? PERIOD_TEXT[lang] : (TEXT[lang] as Text);
}


// ---------------------------------------------------------------------------------------------
// Publishing

/**
 * Turns raw figures into published tables: every count through one linked suppression run
 * (threshold default 5, zeros shown unless `suppressZero`), percentages and statistics hidden where
 * they would reveal a hidden count or rest on fewer than `threshold` records. The result holds no ids
 * and no free text from the input (sites are named by municipality, categories by fixed labels).
 *
 * @example
 * const pub = publishFigures(computeFigures(data, { year: 2021 }), { lang: 'en' });
 * pub.tables.map((t) => t.id) // ['kerncijfers', 'gezinnen-per-jaar', 'intake', …]
 */
export function publishFigures(fig: ImpactFigures, options: PublishOptions = {}): PublishedFigures {
  return publishTables(fig, options, false) as PublishedFigures;
}

/**
 * The global keys (publication.ts) of the counts a publication prints — what `publishedCellKeys` (published-cells.ts)
 * gives on the tables of {@link publishFigures} under every count shown — from the same table definitions, without
 * working out values, marks, percentages, statistics or charts (the disclosure control asks it of every
 * publication of the set). `options.decisions` gives the layout and the open-ended classes; its statuses are
 * not read. `cells`: the publication's cells (`collectPublicationCells` under the same threshold, layout and
 * open-ended classes) when the caller has them already.
 */
export function printedCountKeys(fig: ImpactFigures, options: PublishOptions = {}, cells?: ReturnType<typeof collectPublicationCells>): Set<string> {
  return publishTables(fig, options, true, undefined, cells) as Set<string>;
}

/**
 * The tables of a publication (publishFigures), or with `positionsOnly` the keys of the counts they print (printedCountKeys).
 * `beforeFunnels` is given the publication when all but its site funnels are there (the funnels, the slowest
 * part, follow): writeReport starts rendering the other charts then.
 */
function publishTables(fig: ImpactFigures, options: PublishOptions, positionsOnly: boolean, beforeFunnels?: (pub: PublishedFigures) => void, cells?: ReturnType<typeof collectPublicationCells>): PublishedFigures | Set<string> {
  const lang = options.lang ?? 'nl';
  const T: Text = textFor(lang, fig.year === null || fig.current.partial);
  const M = T.measures;
  const threshold = options.threshold ?? 5;
  const layout = options.layout ?? options.decisions?.layoutOf?.(publicationKey(fig.scope, fig.key));
  const ledger = cells ?? collectPublicationCells(fig, threshold, layout, options.decisions?.openEndedTails?.(publicationKey(fig.scope, fig.key)));
  const years = publicationPeriods(fig);
  const siteKey = (r: BreakdownRow) => `site:${r.siteId}`;
  const regionKey = (r: BreakdownRow) => `reg:${r.region}`;
  let status: Array<CellStatus | 'withheld'>;
  let auditAdded = 0;
  let unprotected = 0;
  let zeroHidden = options.suppressZero ?? false;
  if (positionsOnly) {
    status = [];
  } else if (options.decisions) {
    const d = options.decisions;
    if (d.threshold !== threshold) throw new StatsError(`the publication set was protected with threshold ${d.threshold}, not ${threshold}.`);
    status = ledger.keys.map((k) => d.statusOf(globalKey(fig.scope, k)) ?? 'shown');
    zeroHidden = d.zeroHidden;
    unprotected = d.unprotected;
  } else {
    const sup = suppressCounts(ledger.values, ledger.constraints, { threshold, suppressZero: options.suppressZero });
    status = sup.status;
    auditAdded = sup.auditAdded;
    unprotected = sup.unprotected.length;
  }
  const pub: Pub = { ledger, status, threshold, scope: fig.scope, ...(positionsOnly ? { positionsOnly: [] } : {}) };
  const Y = (y: PeriodFigures, k: string) => `${y.key}|${k}`;
  /** Column heading of a period: `2024`, or `maart 2018 – juni 2021`. */
  const col = (y: PeriodFigures) => periodLabel(y.period, lang);
  const yearCols = years.map(col);
  const nPctCols = (first: string) => [first, ...years.flatMap((y) => [`${col(y)} n`, `${col(y)} %`])];
  const tables: PublishedTable[] = [];
  const title = (id: string) => T.tables[id];

  /** Rows of a 1-D breakdown with n and % for both years, plus a total row. */
  const breakdownRows = (codes: string[], label: (c: string) => string, keyOf: (c: string) => string, totalKey: string | null, baseKey: string, skipEmpty = false, table?: string): PublishedRow[] => {
    const rows: PublishedRow[] = [];
    for (const c of table ? layoutCodes(table, codes) : codes) {
      // with audited decisions every category row is printed: a row left out for being empty would tell
      // a reader that its counts are 0 (a zero published by omission)
      if (skipEmpty && !options.decisions && years.every((y) => (ledger.values[ledger.index.get(Y(y, keyOf(c))) ?? -1] ?? 0) === 0)) continue;
      if (table && ORDERED_TABLES[table] && layout?.merged?.[table] && c === layoutMergedCode(table, layout.merged[table])) combinedRows.set(label(c), layout.merged[table].map(label));
      rows.push({ label: c.startsWith('merged:') ? combinedLabel(c, label) : label(c), cells: years.flatMap((y) => [countCell(pub, Y(y, keyOf(c))), percentCell(pub, Y(y, keyOf(c)), Y(y, baseKey))]) });
    }
    if (totalKey) rows.push({ label: T.total, cells: years.flatMap((y) => [countCell(pub, Y(y, totalKey)), percentCell(pub, Y(y, totalKey), Y(y, baseKey))]) });
    return rows;
  };
  /** The note under a table whose open-ended last classes are merged (publication.ts, mergeOpenEndedTail). */
  const mergedNote = (b: 'dur' | 'age', label: (c: string) => string): string | undefined => {
    const codes = ledger.tails.get(b);
    if (!codes) return undefined;
    const merged = label(codes[codes.length - 1]);
    const what = b === 'dur' ? (lang === 'nl' ? 'trajecten' : 'trajectories') : lang === 'nl' ? 'kinderen' : 'children';
    if (ledger.tailsFromSet.has(b)) {
      // merged because a higher scope of the same year merges (publication.ts, decideOpenEndedTails)
      return lang === 'nl'
        ? `De laatste klassen zijn samengevoegd tot „${merged}”, zoals in alle publicaties van deze periode: in een bredere publicatie (landelijk of de regio) telde de laatste klasse minder dan ${threshold} ${what}, en afzonderlijk getoonde klassen hier zouden die onthullen.`
        : `The last classes are combined as “${merged}”, as in every publication of this period: in a wider publication (national or the region) the last class held fewer than ${threshold} ${what}, and the classes shown apart here would reveal it.`;
    }
    return lang === 'nl'
      ? `De laatste klassen zijn samengevoegd tot „${merged}”: de laatste klasse telde in ten minste één kolom minder dan ${threshold} ${what}.`
      : `The last classes are combined as “${merged}”: the last class held fewer than ${threshold} ${what} in at least one column.`;
  };
  /** A table's category codes as this publication prints them: combined categories as one row (`merged:…`) at the end. */
  const layoutCodes = (table: string, codes: string[]): string[] => layoutTableCodes(table, codes, layout?.merged?.[table]);
  /** Labels of combined rows → the labels of the categories they combine (for the table's note). */
  const combinedRows = new Map<string, string[]>();
  const combinedLabel = (code: string, label: (c: string) => string): string => {
    const of = code.slice('merged:'.length).split('+').map(label);
    const text = combinedRowLabel(of, lang);
    combinedRows.set(text, of);
    return text;
  };
  const unknownLabel = (kind: RegistrationLabelKind) => (c: string) => (c === 'unknown' ? M.unknown : registrationLabel(kind, c, lang, fig.categories));

  // 1. key figures
  const statRow = (label: string, f: (y: PeriodFigures) => PublishedCell): PublishedRow => ({ label, cells: years.map(f) });
  const countRow = (label: string, key: string): PublishedRow => ({ label, cells: years.map((y) => countCell(pub, Y(y, key))) });
  tables.push({
    id: 'kerncijfers',
    title: title('kerncijfers'),
    columns: [T.figure, ...yearCols],
    rows: [
      statRow(M.sites, (y) => plainCell(y.sites)),
      countRow(M.registered, 'fam.registered'),
      countRow(M.notSupported, 'fam.intake.not-supported'),
      countRow(M.supported, 'fam.supported'),
      countRow(M.newlyMatched, 'fam.newlyMatched'),
      countRow(M.active, 'fam.active'),
      countRow(M.closed, 'fam.closed'),
      countRow(M.children, 'fam.children'),
      statRow(M.medianDuration, (y) => statCell(pub, y.closed.duration.median, y.closed.duration.n, 1, [Y(y, 'dur.n')])),
      statRow(M.referredPct, (y) => percentCell(pub, Y(y, 'referred'), Y(y, 'fam.closed'))),
      countRow(M.volRegistered, 'vol.registered'),
      countRow(M.volTrained, 'vol.trained'),
      countRow(M.volActiveYear, 'vol.activeYear'),
      countRow(M.volActiveEnd, 'vol.activeEnd'),
      // availability is recorded as on the reference date: the row is there when some year's snapshot is it
      ...(years.some((y) => ledger.index.has(Y(y, 'vol.notDeployable'))) ? [countRow(M.volNotDeployable, 'vol.notDeployable')] : []),
      countRow(M.volInTraining, 'vol.inTraining'),
      countRow(M.volStopped, 'vol.stopped'),
      statRow(M.perVolunteer, (y) => statCell(pub, y.volunteers.familiesPerActiveVolunteer, Math.min(y.families.supported, y.volunteers.activeDuringYear), 1, [Y(y, 'fam.supported'), Y(y, 'vol.activeYear')])),
      statRow(M.hours, (y) => statCell(pub, Math.round(y.volunteers.estimatedHours / 10) * 10, y.families.supported, 0, [Y(y, 'fam.supported')])),
      statRow(M.cost, (y) => statCell(pub, y.cost.costPerSupportedFamily, y.cost.supportedAtBudgetSites, 0, [Y(y, 'fam.supported')])),
    ],
  });

  // 2. history
  tables.push({
    id: 'gezinnen-per-jaar',
    title: title('gezinnen-per-jaar'),
    columns: [M.year, M.registered, M.supported, M.closed, M.active, M.volActiveYear],
    rows: fig.history.map((y) => ({
      label: col(y),
      cells: ['fam.registered', 'fam.supported', 'fam.closed', 'fam.active', 'vol.activeYear'].map((k) => countCell(pub, Y(y, k))),
    })),
  });

  // 3–5. intake, not supported, referrers
  tables.push({
    id: 'intake',
    title: title('intake'),
    columns: nPctCols(T.category),
    rows: breakdownRows(['supported', 'not-supported', 'pending'], (c) => registrationLabel('intake-outcome', c, lang, fig.categories), (c) => `fam.intake.${c}`, 'fam.registered', 'fam.registered'),
  });
  tables.push({
    id: 'niet-ondersteund',
    title: title('niet-ondersteund'),
    columns: nPctCols(T.category),
    rows: breakdownRows(codesWith('not-supported-reason', years.map((y) => y.families.notSupportedByReason), fig.categories).concat('unknown').filter((c, i, a) => a.indexOf(c) === i), unknownLabel('not-supported-reason'), (c) => `ns.${c}`, 'fam.intake.not-supported', 'fam.intake.not-supported', true, 'niet-ondersteund'),
  });
  tables.push({
    id: 'verwijzers',
    title: title('verwijzers'),
    columns: nPctCols(T.category),
    rows: breakdownRows(codesWith('referrer', years.map((y) => y.referrers), fig.categories), (c) => registrationLabel('referrer', c, lang, fig.categories), (c) => `ref.${c}`, 'fam.registered', 'fam.registered', false, 'verwijzers'),
  });

  // 6. help questions (several per family: % of families, no total row)
  const helpRows = breakdownRows(codesWith('help-question', years.map((y) => y.helpQuestions.counts), fig.categories), (c) => registrationLabel('help-question', c, lang, fig.categories), (c) => `help.${c}`, null, 'help.base');
  helpRows.push({ label: M.base, cells: years.flatMap((y) => [countCell(pub, Y(y, 'help.base')), textCell('')]) });
  tables.push({
    id: 'hulpvragen',
    title: title('hulpvragen'),
    columns: nPctCols(T.category),
    rows: helpRows,
    note: lang === 'nl' ? 'Een gezin kan meer hulpvragen hebben: percentages van gezinnen, niet van antwoorden; ze tellen op tot meer dan 100%.' : 'A family can have several help questions: percentages of families, not of answers; they add up to more than 100%.',
  });

  // 7. profile
  tables.push({
    id: 'gezinsprofiel',
    title: title('gezinsprofiel'),
    columns: [T.category, ...years.flatMap((y) => [`${col(y)} n`, `${col(y)} %`, `${col(y)} ${M.known}`])],
    rows: PROFILE_FLAGS.map((flag) => ({
      label: FAMILY_PROFILE_LABELS[flag][lang],
      cells: years.flatMap((y) => [countCell(pub, Y(y, `prof.${flag}.yes`)), percentCell(pub, Y(y, `prof.${flag}.yes`), Y(y, `prof.${flag}.known`)), countCell(pub, Y(y, `prof.${flag}.known`))]),
    })),
  });

  // 8. children by age
  tables.push({
    id: 'kinderen',
    title: title('kinderen'),
    columns: nPctCols(T.category),
    rows: breakdownRows(ledger.tails.get('age') ?? [...CHILD_AGE_BANDS], T.ageBand, (c) => `age.${c}`, 'age.total', 'age.total', false, 'kinderen'),
    note: mergedNote('age', T.ageBand),
  });

  // 8b. supported families by locality (a site's own report, when its families record a locality)
  const localities = [...new Set(years.flatMap((y) => Object.keys(y.families.supportedByLocality)))];
  if (fig.scope.level === 'site' && localities.length) {
    tables.push({
      id: 'kernen',
      title: title('kernen'),
      columns: nPctCols(T.category),
      rows: breakdownRows(localities, (c) => (c === 'unknown' ? M.unknown : c), (c) => localityKey(c), 'fam.supported', 'fam.supported'),
    });
  }

  // 9. duration
  const durRows = breakdownRows(ledger.tails.get('dur') ?? [...DURATION_BINS], T.durationBin, (c) => `dur.${c}`, 'dur.n', 'dur.n', false, 'duur');
  durRows.push({ label: M.median, cells: years.flatMap((y) => [statCell(pub, y.closed.duration.median, y.closed.duration.n, 1, [Y(y, 'dur.n')]), textCell('')]) });
  durRows.push({
    label: M.q1q3,
    cells: years.flatMap((y) => {
      const d = y.closed.duration;
      const c = statCell(pub, d.q1, d.n, 1, [Y(y, 'dur.n')]);
      return [c.value === null ? c : textCell(`${fmtNumber(d.q1, 1, lang)}–${fmtNumber(d.q3, 1, lang)}`), textCell('')];
    }),
  });
  durRows.push({ label: M.mean, cells: years.flatMap((y) => [statCell(pub, y.closed.duration.mean, y.closed.duration.n, 1, [Y(y, 'dur.n')]), textCell('')]) });
  tables.push({ id: 'duur', title: title('duur'), columns: nPctCols(T.category), rows: durRows, note: mergedNote('dur', T.durationBin) });

  // 10–12. end reasons, goals, referral
  tables.push({
    id: 'afsluitredenen',
    title: title('afsluitredenen'),
    columns: nPctCols(T.category),
    rows: breakdownRows(codesWith('end-reason', years.map((y) => y.closed.endReasons), fig.categories).concat('unknown').filter((c, i, a) => a.indexOf(c) === i), unknownLabel('end-reason'), (c) => `end.${c}`, 'fam.closed', 'fam.closed', true, 'afsluitredenen'),
  });
  const goalRows = breakdownRows(['yes', 'partly', 'no'], (c) => registrationLabel('goals-reached', c, lang, fig.categories), (c) => `goals.${c}`, 'goals.known', 'goals.known');
  goalRows.push({ label: M.unknown, cells: years.flatMap((y) => [countCell(pub, Y(y, 'goals.unknown')), textCell('')]) });
  tables.push({
    id: 'doelen',
    title: title('doelen'),
    columns: nPctCols(T.category),
    rows: goalRows,
    note: lang === 'nl' ? 'Percentages van de afgesloten trajecten waarbij is vastgelegd of de doelen bereikt zijn.' : 'Percentages of the closed trajectories where goal attainment was recorded.',
  });
  tables.push({
    id: 'doorverwijzing',
    title: title('doorverwijzing'),
    columns: nPctCols(T.category),
    rows: [
      { label: M.referred, cells: years.flatMap((y) => [countCell(pub, Y(y, 'referred')), percentCell(pub, Y(y, 'referred'), Y(y, 'fam.closed'))]) },
      { label: M.followUp, cells: years.flatMap((y) => [countCell(pub, Y(y, 'followUp')), percentCell(pub, Y(y, 'followUp'), Y(y, 'fam.closed'))]) },
      { label: M.closed, cells: years.flatMap((y) => [countCell(pub, Y(y, 'fam.closed')), textCell('')]) },
    ],
  });

  // 13. GAS (only when any year has GAS)
  if (years.some((y) => y.closed.gas.n > 0)) {
    tables.push({
      id: 'gas',
      title: title('gas'),
      columns: [T.figure, ...yearCols],
      rows: [
        countRow(M.gasN, 'gas.n'),
        statRow(M.gasBefore, (y) => statCell(pub, y.closed.gas.meanBefore, y.closed.gas.n, 1, [Y(y, 'gas.n')])),
        statRow(M.gasAfter, (y) => statCell(pub, y.closed.gas.meanAfter, y.closed.gas.n, 1, [Y(y, 'gas.n')])),
        statRow(M.gas50, (y) => (y.closed.gas.n < threshold ? statCell(pub, NaN, y.closed.gas.n, 0) : percentCell(pub, Y(y, 'gas.atLeast50'), Y(y, 'gas.n')))),
        statRow(M.gasUp, (y) => (y.closed.gas.n < threshold ? statCell(pub, NaN, y.closed.gas.n, 0) : percentCell(pub, Y(y, 'gas.improved'), Y(y, 'gas.n')))),
      ],
    });
  }

  // 14–15. volunteers
  const genders = codesWith('gender', years.flatMap((y) => [y.volunteers.genderRegistered, y.volunteers.genderActive]), fig.categories).concat('unknown').filter((c, i, a) => a.indexOf(c) === i);
  const genderLabel = (g: string) => (g === 'unknown' ? M.unknown : registrationLabel('gender', g, lang, fig.categories));
  const genderRows: PublishedRow[] = layoutCodes('vrijwilligers-gender', genders
    .filter((g) => g !== 'unknown' || options.decisions !== undefined || years.some((y) => y.volunteers.genderRegistered.unknown > 0 || y.volunteers.genderActive.unknown > 0)))
    .map((g) => ({
      label: g.startsWith('merged:') ? combinedLabel(g, genderLabel) : genderLabel(g),
      cells: years.flatMap((y) => [countCell(pub, Y(y, `vol.gReg.${g}`)), countCell(pub, Y(y, `vol.gAct.${g}`))]),
    }));
  genderRows.push({ label: T.total, cells: years.flatMap((y) => [countCell(pub, Y(y, 'vol.registered')), countCell(pub, Y(y, 'vol.activeYear'))]) });
  tables.push({
    id: 'vrijwilligers-gender',
    title: title('vrijwilligers-gender'),
    columns: [T.category, ...years.flatMap((y) => [`${col(y)} ${M.registeredCol}`, `${col(y)} ${M.activeCol}`])],
    rows: genderRows,
  });
  tables.push({
    id: 'vrijwilligers-gestopt',
    title: title('vrijwilligers-gestopt'),
    columns: nPctCols(T.category),
    rows: breakdownRows(codesWith('volunteer-stop-reason', years.map((y) => y.volunteers.stoppedByReason), fig.categories).concat('unknown').filter((c, i, a) => a.indexOf(c) === i), unknownLabel('volunteer-stop-reason'), (c) => `vol.stop.${c}`, 'vol.stopped', 'vol.stopped', true, 'vrijwilligers-gestopt'),
  });

  // 16–17. breakdowns
  const measureCols = [M.registered, M.supported, M.notSupported, M.active, M.closed, M.volActiveYear];
  const withRegion = (id: string) => (fig.scope.level === 'national' && id === 'locaties' ? 1 : 0);
  const breakdownTable = (id: string, all: BreakdownRow[], prefix: (r: BreakdownRow) => string): PublishedTable => {
    // rows the layout leaves out (publication.ts, `leftOutRows`): not printed; the total row still counts them
    const gone = new Set(layout?.leftOut?.includes(id) ? [] : (layout?.leftOutRows?.[id] ?? []));
    const rows = all.filter((r) => !gone.has(prefix(r)));
    const leftOutRows = all.filter((r) => gone.has(prefix(r))).map((r) => r.name);
    const filesNote = fig.previous === null ? undefined : lang === 'nl' ? `Het HTML-verslag toont ${col(fig.current)}; de CSV- en Excel-bestanden bevatten ook ${col(fig.previous)}.` : `The HTML report shows ${col(fig.current)}; the CSV and Excel files also hold ${col(fig.previous)}.`;
    const rowsNote = leftOutRows.length ? leftOutRowsNote(leftOutRows, lang, threshold) : undefined;
    return {
    id,
    title: `${title(id)} ${col(fig.current)}`,
    note: [filesNote, rowsNote].filter(Boolean).join(' ') || undefined,
    ...(rowsNote ? { leftOutRows: { labels: leftOutRows, note: rowsNote } } : {}),
    htmlCells: [...Array(withRegion(id)).keys(), ...BREAKDOWN_MEASURES.map((_, i) => withRegion(id) + BREAKDOWN_MEASURES.length * (years.length - 1) + i)],
    columns: [M.name, ...(fig.scope.level === 'national' && id === 'locaties' ? [T.region] : []), ...years.flatMap((y) => measureCols.map((m) => `${col(y)} ${m}`))],
    rows: [
      ...rows.map((r) => ({
        label: r.name,
        cells: [
          ...(fig.scope.level === 'national' && id === 'locaties' ? [textCell(r.region)] : []),
          ...years.flatMap((y) => BREAKDOWN_MEASURES.map(([, key]) => countCell(pub, `${y.key}|${prefix(r)}|${key}`))),
        ],
      })),
      {
        label: T.total,
        cells: [...(fig.scope.level === 'national' && id === 'locaties' ? [textCell('')] : []), ...years.flatMap((y) => BREAKDOWN_MEASURES.map(([, key]) => countCell(pub, Y(y, key))))],
      },
    ],
    };
  };
  if (fig.regions.length) tables.push(breakdownTable('regios', fig.regions, regionKey));
  if (fig.sites.length) tables.push(breakdownTable('locaties', fig.sites, siteKey));
  applyLayoutNotes(tables, layout, combinedRows, lang, threshold);
  if (positionsOnly) return positionKeys(pub, tables);
  const leftOut = new Set(layout?.leftOut ?? []);

  // chart data, from published cells only
  const cur = fig.current;
  const trend: ImpactTrendRow[] = (leftOut.has('gezinnen-per-jaar') ? [] : fig.history).flatMap((y) =>
    ([['fam.registered', M.registered], ['fam.supported', M.supported], ['fam.closed', M.closed]] as const).map(([k, s]) => ({ year: y.year ?? +y.period.from.slice(0, 4), series: s, value: countCell(pub, Y(y, k)).value })),
  );
  // a chart draws what its table prints: nothing for a table left out, the combined row for combined categories
  const bars = (codes: string[], label: (c: string) => string, key: (c: string) => string, base: string, percent: boolean, table: string): ImpactBarRow[] =>
    leftOut.has(table) ? [] : layoutCodes(table, codes).map((c) => {
      const cell = percent ? percentCell(pub, Y(cur, key(c)), Y(cur, base)) : countCell(pub, Y(cur, key(c)));
      return { category: c.startsWith('merged:') ? combinedLabel(c, label) : label(c), value: cell.value === null ? null : Math.round(cell.value * 10) / 10, display: reportCellText(cell, lang) };
    });
  const endCodes = codesWith('end-reason', [cur.closed.endReasons], fig.categories).filter((c) => c !== 'unknown' || options.decisions !== undefined || cur.closed.endReasons.unknown > 0);
  const flow: ImpactBarRow[] = (leftOut.has('kerncijfers') ? [] : years).flatMap((y) =>
    ([['vol.registered', T.charts.flowLabels[0]], ['vol.trained', T.charts.flowLabels[1]], ['vol.stopped', T.charts.flowLabels[2]], ['vol.activeEnd', T.charts.flowLabels[3]]] as const).map(([k, c]) => {
      const cell = countCell(pub, Y(y, k));
      return { category: c, group: col(y), value: cell.value, display: reportCellText(cell, lang) };
    }),
  );
  const primary = status.filter((s) => s === 'primary').length;
  const secondary = status.filter((s) => s === 'secondary').length;
  const published: PublishedFigures = {
    lang,
    threshold,
    suppressZero: zeroHidden,
    scopeLabel: scopeLabel(fig, lang),
    year: fig.year,
    previousYear: fig.previous?.year ?? null,
    period: fig.period,
    periodLabel: col(fig.current),
    previousPeriodLabel: fig.previous ? col(fig.previous) : null,
    snapshotDate: fig.current.snapshotDate,
    referenceDate: fig.referenceDate,
    partialYear: fig.current.partial,
    volunteerHoursPerWeek: fig.volunteerHoursPerWeek,
    tables,
    suppressed: { primary, secondary, auditAdded, cells: ledger.values.length, unprotected, withheld: status.filter((x) => x === 'withheld').length },
    charts: {
      trend,
      referrers: bars(codesWith('referrer', [cur.referrers], fig.categories), (c) => registrationLabel('referrer', c, lang, fig.categories), (c) => `ref.${c}`, 'fam.registered', true, 'verwijzers'),
      helpQuestions: bars(codesWith('help-question', [cur.helpQuestions.counts], fig.categories), (c) => registrationLabel('help-question', c, lang, fig.categories), (c) => `help.${c}`, 'help.base', true, 'hulpvragen'),
      duration: bars(ledger.tails.get('dur') ?? [...DURATION_BINS], (c) => c.replace('-', '–'), (c) => `dur.${c}`, 'dur.n', false, 'duur'),
      endReasons: bars(endCodes, unknownLabel('end-reason'), (c) => `end.${c}`, 'fam.closed', false, 'afsluitredenen'),
      volunteerFlow: flow,
      funnels: [],
    },
  };
  beforeFunnels?.(published);
  published.charts.funnels = publishedSiteFunnels(fig, options.decisions, lang);
  return published;
}

/**
 * The label of a row that combines categories (publication.ts, `PublicationLayout`): "Combined: …" /
 * "Samengevoegd: …" and the categories' labels.
 * @example combinedRowLabel(['School', 'Other'], 'en') // 'Combined: School, Other'
 */
export function combinedRowLabel(labels: readonly string[], lang: ReportLang): string {
  return `${lang === 'nl' ? 'Samengevoegd' : 'Combined'}: ${labels.join(', ')}`;
}

/**
 * The layout's marks on the tables (publication.ts, `PublicationLayout`): a table left out keeps its title
 * and columns, loses its rows and says why; a table with combined categories says which and why
 * (`combinedRows`: the label of each combined row → the labels of its categories). The annual and period
 * reports' tables and a local evaluation's (local-evaluation.ts).
 */
export function applyLayoutNotes(tables: PublishedTable[], layout: PublicationLayout | undefined, combinedRows: Map<string, string[]>, lang: ReportLang, threshold: number): void {
  if (!layout) return;
  const leftOut = new Set(layout.leftOut ?? []);
  for (const t of tables) {
    if (leftOut.has(t.id)) {
      t.rows = [];
      t.htmlCells = undefined;
      t.leftOut = true;
      t.note =
        lang === 'nl'
          ? `Weggelaten: deze tabel kan niet gepubliceerd worden zonder kleine aantallen (minder dan ${threshold}) prijs te geven aan wie alle gepubliceerde bestanden naast elkaar legt.`
          : `Left out: this table cannot be published without disclosing small counts (fewer than ${threshold}) to a reader who holds every published file.`;
    } else if (layout.merged?.[t.id]?.length && MERGEABLE_TABLES[t.id]) {
      const row = t.rows.find((r) => combinedRows.has(r.label));
      if (!row) continue;
      t.merged = { label: row.label, of: combinedRows.get(row.label)! };
      const names = t.merged.of.join(', ');
      const note =
        lang === 'nl'
          ? `Samengevoegd in één rij: ${names}. Apart gepubliceerd zouden deze aantallen kleine aantallen (minder dan ${threshold}) prijsgeven aan wie alle gepubliceerde bestanden naast elkaar legt.`
          : `Combined in one row: ${names}. Published separately, these counts would disclose small counts (fewer than ${threshold}) to a reader who holds every published file.`;
      t.note = t.note ? `${t.note} ${note}` : note;
    }
  }
}

/**
 * The note under a summary table whose layout leaves out rows (publication.ts, `PublicationLayout.leftOutRows`):
 * which rows (the names of the sites or regions, as the table prints them) and why, and that the total row still
 * counts them. Names only, never a count.
 * @example leftOutRowsNote(['Brughuizen'], 'en', 5) // 'Left out: the row of Brughuizen. The counts in this row cannot be published without disclosing small counts (fewer than 5) to a reader who holds every published file; the total row still includes them.'
 */
export function leftOutRowsNote(labels: readonly string[], lang: ReportLang, threshold: number): string {
  const one = labels.length === 1;
  const names = one ? labels[0] : `${labels.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${labels[labels.length - 1]}`;
  return lang === 'nl'
    ? `Weggelaten: ${one ? 'de rij' : 'de rijen'} van ${names}. De aantallen in ${one ? 'deze rij' : 'deze rijen'} kunnen niet gepubliceerd worden zonder kleine aantallen (minder dan ${threshold}) prijs te geven aan wie alle gepubliceerde bestanden naast elkaar legt; de totaalrij telt ze wel mee.`
    : `Left out: ${one ? 'the row' : 'the rows'} of ${names}. The counts in ${one ? 'this row' : 'these rows'} cannot be published without disclosing small counts (fewer than ${threshold}) to a reader who holds every published file; the total row still includes them.`;
}

function scopeLabel(fig: ImpactFigures, lang: ReportLang): string {
  if (fig.scope.level === 'national') return lang === 'nl' ? 'Home-Start landelijk' : 'Home-Start nationally';
  if (fig.scope.level === 'region') return lang === 'nl' ? `Home-Start regio ${fig.scopeName}` : `Home-Start region ${fig.scopeName}`;
  return `Home-Start ${fig.scopeName}`;
}

/** Plain JSON of a publication (what `report` writes as `<name>.json`). */
export function publishedJson(pub: PublishedFigures): Record<string, unknown> {
  return {
    report: pub.year !== null ? (pub.lang === 'nl' ? 'jaarverslag' : 'annual-report') : pub.lang === 'nl' ? 'evaluatie' : 'evaluation',
    scope: pub.scopeLabel,
    ...(pub.year !== null
      ? { year: pub.year, previousYear: pub.previousYear }
      : { period: { ...pub.period, label: pub.periodLabel }, previousPeriod: pub.previousPeriodLabel, snapshotDate: pub.snapshotDate }),
    referenceDate: pub.referenceDate,
    partialYear: pub.partialYear,
    suppression: { threshold: pub.threshold, suppressZero: pub.suppressZero, marks: { [`<${pub.threshold}`]: pub.suppressZero ? `count from 0 to ${pub.threshold - 1}` : `count from 1 to ${pub.threshold - 1}`, x: 'hidden so that a small count cannot be worked out', [`n<${pub.threshold}`]: 'statistic over fewer records than the threshold', '.': 'not published: no suppression pattern could protect it' }, ...pub.suppressed },
    volunteerHoursPerWeek: pub.volunteerHoursPerWeek,
    tables: pub.tables.map((t) => ({
      id: t.id,
      title: t.title,
      note: t.note ?? null,
      ...(t.leftOut ? { leftOut: true } : {}),
      ...(t.merged ? { merged: t.merged } : {}),
      ...(t.leftOutRows ? { leftOutRows: t.leftOutRows.labels } : {}),
      columns: t.columns,
      rows: t.rows.map((r) => [r.label, ...r.cells.map(reportCellValue)]),
    })),
    ...(pub.charts.funnels.length
      ? { siteComparisons: pub.charts.funnels.map((f) => ({ id: f.id, title: f.title, drawn: f.drawn, target: f.target, sentence: f.sentence, notShown: f.notShown, counts: f.counts, phi: f.phi, sites: f.points.map((p) => ({ name: p.name, numerator: p.numerator, denominator: p.size, band: p.band, side: p.side })), ranges: (f.ranges ?? []).map((r) => ({ name: r.name, numerator: `${r.numerator.lower}-${r.numerator.upper}`, denominator: r.sizeLower !== undefined ? `${r.sizeLower}-${r.size}` : r.size, band: r.band, side: r.side })) })) }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Output

export interface ReportCharts {
  trend: string;
  referrers: string;
  helpQuestions: string;
  duration: string;
  endReasons: string;
  volunteerFlow: string;
  /** SVG of each drawn funnel plot, in the order of `pub.charts.funnels` ('' when not drawn). */
  funnels?: string[];
}

/** The Vega-Lite specs of the report's charts (rendered by `renderReportCharts`). */
export function reportChartSpecs(pub: PublishedFigures): Record<Exclude<keyof ReportCharts, 'funnels'>, VegaLiteSpec> {
  const C = textFor(pub.lang, pub.year === null || pub.partialYear).charts;
  const hiddenLabel = pub.lang === 'nl' ? 'verborgen' : 'hidden';
  const specs: Record<Exclude<keyof ReportCharts, 'funnels'>, VegaLiteSpec> = {
    trend: impactTrendChart(pub.charts.trend, { title: C.trend, width: 760 }),
    referrers: impactBarChart(pub.charts.referrers, { title: C.referrers, percent: true, hiddenLabel }),
    helpQuestions: impactBarChart(pub.charts.helpQuestions, { title: C.help, percent: true, color: '#009E73', hiddenLabel }),
    duration: impactBarChart(pub.charts.duration, { title: C.duration, keepOrder: true, color: '#56B4E9', yTitle: C.months, hiddenLabel }),
    endReasons: impactBarChart(pub.charts.endReasons, { title: C.end, color: '#E69F00', hiddenLabel }),
    volunteerFlow: impactGroupedBarChart(pub.charts.volunteerFlow, { title: C.flow, width: 120, height: 180, hiddenLabel }),
  };
  if (pub.lang === 'nl') {
    // Dutch number format on the axes too (1.000 and 2,5), as in the tables
    const locale = { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''] } };
    for (const k of Object.keys(specs) as Array<keyof typeof specs>) specs[k] = { ...specs[k], config: { ...((specs[k].config as object) ?? {}), locale } };
  }
  return specs;
}

/** The Vega-Lite specs of the site funnel plots (national report; null where a funnel is not drawn). */
export function reportFunnelSpecs(pub: PublishedFigures): Array<VegaLiteSpec | null> {
  const locale = pub.lang === 'nl' ? { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''] } } : null;
  return pub.charts.funnels.map((f) => {
    const spec = funnelChartSpec(f, pub.lang);
    return spec && locale ? { ...spec, config: { ...((spec.config as object) ?? {}), locale } } : spec;
  });
}

/** The chart renderer's module (charts/render.ts), run on the helper thread. */
const CHART_RENDERER = new URL('../charts/render.js', import.meta.url).href;

/**
 * Loads the chart renderer (vega, vega-lite) on the helper thread now, so that the report's charts are rendered
 * without waiting for it (the `report` command calls it when it starts). Nothing else changes. With a chart cache
 * folder that holds charts ({@link WriteReportOptions.outputCache}) it loads nothing: a re-run reads its charts
 * from there, and the renderer is loaded when a chart is drawn after all.
 */
export function prepareReportCharts(outputCache?: string | null): void {
  if (outputCache && new ChartSvgCache(outputCache).holdsCharts()) return;
  warmHelperThread(CHART_RENDERER, 'loadChartRenderer');
}

/** The groups of charts asked of the renderer so far in this process, as the key of the last ({@link chartGroupKey}; '' none yet). */
let groupsBefore = '';
/** Groups read from a chart cache that the renderer has not drawn: its SVG ids count on as if it had, so it draws them first. */
let notDrawn: Array<Array<VegaLiteSpec | null>> = [];

/**
 * Renders one group of specs on the helper thread (null: not drawn, ''), after the groups asked for before it; or,
 * with `cache`, reads it from there when the same group was kept after the same groups before it (charts/svg-cache.ts)
 * and keeps what is drawn now. A group drawn after groups read from the cache is drawn after those groups are drawn
 * (their SVGs thrown away), so that its clip paths are numbered as in a run without the cache.
 */
function renderChartGroup(specs: Array<VegaLiteSpec | null>, cache?: ChartSvgCache): Promise<string[]> {
  let key: string | null;
  try {
    key = chartGroupKey(groupsBefore, specs);
  } catch {
    key = null; // a spec that is not plain data: drawn, not kept, and no group after it is read either
  }
  groupsBefore = key ?? `unkeyed ${randomUUID()}`;
  const kept = key ? cache?.read(key, specs.length) : null;
  if (kept) {
    notDrawn.push(specs);
    return Promise.resolve(kept);
  }
  const groups = [...notDrawn, specs];
  notDrawn = [];
  return onHelperThread<string[][]>(CHART_RENDERER, 'renderSvgGroups', [groups]).then((g) => {
    const svgs = g[g.length - 1];
    if (key) cache?.write(key, svgs);
    return svgs;
  });
}

/** The report's charts from their SVGs: the six charts of {@link reportChartSpecs} in its order, then the funnels. */
async function reportCharts(main: Promise<string[]>, funnels: Promise<string[]>): Promise<ReportCharts> {
  const svgs = await main;
  const out = {} as ReportCharts;
  MAIN_CHARTS.forEach((k, i) => (out[k] = svgs[i]));
  out.funnels = await funnels;
  return out;
}

/** The six charts of {@link reportChartSpecs}, in the order they are rendered. */
const MAIN_CHARTS = ['trend', 'referrers', 'helpQuestions', 'duration', 'endReasons', 'volunteerFlow'] as const satisfies ReadonlyArray<Exclude<keyof ReportCharts, 'funnels'>>;

/** The specs of the six charts, in the order of {@link MAIN_CHARTS}. */
function mainChartSpecs(pub: PublishedFigures): VegaLiteSpec[] {
  const specs = reportChartSpecs(pub);
  return MAIN_CHARTS.map((k) => specs[k]);
}

/**
 * Renders the report's charts to SVG strings on the helper thread (util/helper-thread.ts), the six charts
 * together and then the funnels, while the caller's thread goes on.
 */
export async function renderReportCharts(pub: PublishedFigures): Promise<ReportCharts> {
  const main = renderChartGroup(mainChartSpecs(pub));
  const funnels = renderChartGroup(reportFunnelSpecs(pub));
  funnels.catch(() => {}); // awaited after the six charts
  return reportCharts(main, funnels);
}


/**
 * The report's title: `Jaarverslag Home-Start 2024` for a calendar year, `Evaluatie Home-Start maart 2018 –
 * juni 2021` for any other period, with `(lopend tot 2021-03-31)` / `(running to …)` when the period
 * was not over on the reference date.
 */
export function reportTitle(pub: PublishedFigures): string {
  const T = textFor(pub.lang, pub.year === null || pub.partialYear);
  const base = pub.year !== null ? `${T.reportTitle} ${pub.year}` : `${T.periodTitle} ${pub.periodLabel}`;
  return pub.partialYear ? `${base} (${T.running(pub.snapshotDate)})` : base;
}

/**
 * The self-contained HTML report: key figures, charts (inline SVG), every table, how the figures are
 * counted and the suppression note. Only published (suppressed) values appear.
 */
export function reportHtml(pub: PublishedFigures, charts: ReportCharts, synthetic = false): string {
  const T = textFor(pub.lang, pub.year === null || pub.partialYear);
  const byId = new Map(pub.tables.map((t) => [t.id, t]));
  const tbl = (id: string) => (byId.has(id) ? tableHtml(byId.get(id)!, pub.lang, T.total) : '');
  const key = byId.get('kerncijfers')!;
  const pick = (label: string) => {
    const row = key.rows.find((r) => r.label === label);
    return row ? reportCellText(row.cells[row.cells.length - 1], pub.lang) : '';
  };
  const M = T.measures;
  const tiles = [M.supported, M.registered, M.children, M.volActiveYear]
    .map((m) => `<div><b>${escapeHtml(pick(m))}</b><span>${escapeHtml(m)} ${escapeHtml(pub.periodLabel)}</span></div>`)
    .join('');
  const chart = (svg: string) => `<div class="chart">${svg}</div>`;
  const sec = (title: string, body: string) => `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const nl = pub.lang === 'nl';
  const html = `<!DOCTYPE html>
<html lang="${pub.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${reportTitle(pub)} — ${pub.scopeLabel}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(reportTitle(pub))}</h1>
<p class="sub">${escapeHtml(pub.scopeLabel)} · ${escapeHtml(nl ? `peildatum ${pub.referenceDate}` : `reference date ${pub.referenceDate}`)}</p>
${synthetic ? `<p class="sub"><strong>${nl ? 'SYNTHETISCHE DATA: gemaakt uit verzonnen voorbeeldgegevens, niet uit echte gezinnen; citeer deze cijfers nooit.' : 'SYNTHETIC DATA: made from invented sample data, not from real families; never quote these figures.'}</strong></p>` : ''}
</header>
<p>${escapeHtml(pub.year !== null ? T.intro(pub.scopeLabel, pub.year, pub.referenceDate, pub.partialYear) : T.periodIntro(pub.scopeLabel, pub.periodLabel, pub.previousPeriodLabel, pub.referenceDate, pub.partialYear, pub.snapshotDate))}</p>
<div class="key">${tiles}</div>
${sec(nl ? 'Overzicht' : 'Overview', `${tbl('kerncijfers')}\n${chart(charts.trend)}\n${tbl('gezinnen-per-jaar')}`)}
${sec(nl ? 'Aanmelding en intake' : 'Registration and intake', `${tbl('intake')}\n${tbl('niet-ondersteund')}\n${chart(charts.referrers)}\n${tbl('verwijzers')}`)}
${sec(nl ? 'De gezinnen' : 'The families', `${chart(charts.helpQuestions)}\n${tbl('hulpvragen')}\n${tbl('kernen')}\n${tbl('gezinsprofiel')}\n${tbl('kinderen')}`)}
${sec(nl ? 'Afgesloten trajecten' : 'Closed trajectories', `${chart(charts.duration)}\n${tbl('duur')}\n${chart(charts.endReasons)}\n${tbl('afsluitredenen')}\n${tbl('doelen')}\n${tbl('doorverwijzing')}\n${tbl('gas')}`)}
${sec(nl ? 'Vrijwilligers' : 'Volunteers', `${chart(charts.volunteerFlow)}\n${tbl('vrijwilligers-gender')}\n${tbl('vrijwilligers-gestopt')}`)}
${byId.has('regios') || byId.has('locaties') ? sec(nl ? 'Per regio en locatie' : 'By region and site', `<div class="wide">${tbl('regios')}\n${tbl('locaties')}</div>`) : ''}
${funnelSection(pub, charts)}
${sec(T.howTitle, `<ul class="how">${T.how(pub.volunteerHoursPerWeek).map((li) => `<li>${li}</li>`).join('\n')}</ul>`)}
${sec(T.suppressionTitle, `<p class="privacy">${T.suppression(pub.threshold, pub.suppressZero)}</p><p class="note">${escapeHtml(T.filesNote)}</p>`)}
<footer>${escapeHtml(T.generated)} · ${escapeHtml(pub.scopeLabel)} · ${escapeHtml(pub.periodLabel)}</footer>
</main>
</body>
</html>
`;
  return html;
}

/** The site-comparison section (funnel plots) of the national report: each drawn chart with its sentence as caption. */
function funnelSection(pub: PublishedFigures, charts: ReportCharts): string {
  if (!pub.charts.funnels.length) return '';
  const text = funnelSectionText(pub.lang);
  const body = pub.charts.funnels
    .map((f, i) => {
      const svg = charts.funnels?.[i] ?? '';
      return f.drawn && svg
        ? `<figure class="chart" id="funnel-${f.id}">${svg}<figcaption class="note">${escapeHtml(f.sentence)}</figcaption></figure>`
        : `<p class="note" id="funnel-${f.id}">${escapeHtml(f.sentence)}</p>`;
    })
    .join('\n');
  return `<section><h2>${escapeHtml(text.title)}</h2>\n<p>${escapeHtml(text.intro)}</p>\n${body}\n</section>`;
}

/** The XLSX workbook (one sheet per table, titled) as bytes, via the shared workbook writer. */
export function reportWorkbook(pub: PublishedFigures): Buffer {
  return tablesWorkbook(pub.tables);
}

export interface WriteReportOptions extends PublishOptions {
  /** Output folder (created if missing). */
  outDir: string;
  /** Called at the start of each step (for a progress line). */
  onStep?: (step: string) => void;
  /**
   * Put the scope and year in every file name (`jaarverslag-2025-site-dlf.html`,
   * `tables/kerncijfers-2025-site-dlf.csv`), so reports of different scopes written to one folder
   * never mix. The CLI always does; default false (names `jaarverslag-YYYY.*`, `tables/<id>.csv`).
   */
  scopedNames?: boolean;
  /** Which zeros are hidden when this report is protected on its own (disclosure.ts; default `auto`). */
  zeros?: import('./disclosure.js').ZeroPolicy;
  /**
   * A suppression ledger file (ledger.ts): read before (cells hidden earlier stay hidden) and updated
   * after writing. Default: none (the `report` command uses `<out>/suppression-ledger.json`).
   */
  ledger?: string;
  /** The figures come from synthetic data: the report says so under its title. */
  synthetic?: boolean;
  /**
   * How far the disclosure control is, when this report is protected on its own (without `decisions`): called
   * when an audit's stage starts or ends and in between at most every 250 ms, with counts only
   * (disclosure.ts `DisclosureProgress`; the same callback as `protectPublicationSetWithFallback`'s). The report
   * is the same with or without it.
   * @example
   * await writeReport(fig, { outDir: 'out', lang: 'en', onProgress: (p) => process.stderr.write(`\r${p.audit.settled} of ${p.audit.total} cells settled, ${p.lps} LPs`) });
   */
  onProgress?: (p: import('./disclosure.js').DisclosureProgress) => void;
  /**
   * Work of the caller's own that does not need this report's files (e.g. the suppression ledger's next
   * contents), called once while the helper thread renders the charts (util/helper-thread.ts), after the files'
   * bytes are made and before the charts are awaited: on a machine with a free core it then takes no time of its
   * own. The report is the same with or without it; what it throws, writeReport throws (writing no file).
   */
  whileChartsRender?: () => void;
  /**
   * A private folder where the rendered charts and the workbook are kept between runs (charts/svg-cache.ts,
   * util/xlsx-write.ts): a chart drawn before from the same spec, after the same charts, and a workbook of the same
   * tables are read from it instead of being made again; what is made now is kept for the next run. Same bytes
   * either way. Default: none. The `report` command gives its audit-proof folder (`--audit-cache`). Nothing is
   * removed while a run goes on; the caller ends the run with `pruneOutputCache(folder)` (`homestart-impact/util`:
   * keeps what this run read or wrote and a few older files), as the `report` command does after its last report.
   */
  outputCache?: string | null;
}

/**
 * The first part of a report's file names: `jaarverslag` / `annual-report` for a calendar year,
 * `evaluatie` / `evaluation` for any other period. The period's key follows it
 * (`jaarverslag-2025-national.html`, `evaluatie-2018-03-01_2021-06-30-site-s-dal.html`).
 */
export function reportFileStem(fig: ImpactFigures, lang: ReportLang): string {
  if (fig.year !== null) return lang === 'nl' ? 'jaarverslag' : 'annual-report';
  return lang === 'nl' ? 'evaluatie' : 'evaluation';
}

export interface WrittenReport {
  html: string;
  json: string;
  xlsx: string;
  csv: string[];
  published: PublishedFigures;
}

/**
 * Writes the report of a set of figures: `jaarverslag-YYYY.html` (nl) or `annual-report-YYYY.html`
 * (en) with inline SVG charts, `tables/<id>.csv` per table, one XLSX workbook and one JSON with every
 * published figure — all suppressed.
 *
 * Disclosure control: with `decisions` (the protected publication set of `protectPublicationSet`,
 * disclosure.ts, as the `report` command builds it for all scopes) the report prints that set's
 * statuses; without, this publication is protected and audited on its own (with the cells hidden in
 * the `ledger`). Either way it REFUSES when the audit did not pass: it throws a `DisclosureError`
 * naming the tables and cells, and writes no file.
 */
export async function writeReport(fig: ImpactFigures, options: WriteReportOptions): Promise<WrittenReport> {
  const step = options.onStep ?? (() => {});
  const lang = options.lang ?? 'nl';
  const stem = reportFileStem(fig, lang);
  const base = options.scopedNames ? scopedFileName(stem, fig.key, fig.scope) : `${stem}-${fig.key}`;
  const tableSuffix = options.scopedNames ? `-${fig.key}-${scopeSlug(fig.scope)}` : '';
  step(lang === 'nl' ? 'kleine aantallen afschermen' : 'suppressing small counts');
  const disclosure = await import('./disclosure.js');
  const ledgerMod = await import('./ledger.js');
  const previous = options.ledger ? ledgerMod.readLedger(options.ledger) : null;
  let decisions = options.decisions;
  let protection: import('./disclosure.js').PublicationSetProtection | null = null;
  if (!decisions) {
    protection = await disclosure.protectPublicationSetWithFallback([fig], { threshold: options.threshold, zeros: options.zeros ?? (options.suppressZero ? 'hide' : undefined), hiddenBefore: previous ? Object.keys(previous.hidden) : [], layouts: previous?.layouts, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    disclosure.assertPublishable(protection, [fig]);
    const refusal = disclosure.withdrawnRefusal(protection, [disclosure.publicationId(fig)]);
    if (refusal) throw refusal;
    decisions = protection;
  } else if (decisions.unprotected > 0) {
    throw new disclosure.DisclosureError(`publication refused: ${decisions.unprotected} hidden count(s) of the publication set are not protected; no file was written.`, []);
  }
  // the charts are rendered on the helper thread (util/helper-thread.ts) while this one works on: the six charts
  // from when their data are published (the site funnels are worked out meanwhile), then the funnels while the
  // files' bytes are made; the same charts in the same order as renderReportCharts
  let main: Promise<string[]> = Promise.resolve([]);
  const chartCache = options.outputCache ? new ChartSvgCache(options.outputCache) : undefined;
  const pub = publishTables(fig, { ...options, decisions }, false, (p) => {
    main = renderChartGroup(mainChartSpecs(p), chartCache);
    main.catch(() => {}); // awaited below, where an error of the charts is thrown
  }) as PublishedFigures;
  step(lang === 'nl' ? 'grafieken tekenen' : 'rendering charts');
  const funnels = renderChartGroup(reportFunnelSpecs(pub), chartCache);
  funnels.catch(() => {});
  const charts = reportCharts(main, funnels);
  charts.catch(() => {});
  const bytes = publicationFileBytes(options.outDir, tableSuffix, pub.tables, publishedJson(pub), options.outputCache);
  options.whileChartsRender?.();
  const files = writePublicationFiles(options.outDir, base, reportHtml(pub, await charts, options.synthetic ?? false), bytes, step);
  if (options.ledger && protection) ledgerMod.writeLedger(options.ledger, ledgerMod.updateLedger(previous, protection, [fig]));
  return { ...files, published: pub };
}
