/**
 * The study report in words: per design a results paragraph in APA style (test, df, p, effect size
 * with CI, adjustment) that refers to its tables and figures, table titles and notes, and a methods
 * paragraph — in English or Dutch. Every number in a sentence is a cell of the report's own table
 * (`reportCell` with the column's format), so the text and the table cannot disagree.
 */
import { label, type Lang } from '../charts/theme.js';
import type { DesignColumnFormat, DesignResult, DesignTable } from '../designs/result.js';
import { codeText, reportCell, type ReportLocale } from './apa-tables.js';

type Row = Record<string, unknown>;

/** Table and figure numbers of one section, by design table id / chart id. */
export interface SectionRefs {
  tables: Record<string, number>;
  /** How many numbered tables a design table was split into (default 1). */
  parts?: Record<string, number>;
  figures: Record<string, number>;
  /** Whether an `instrument:scale` is an outcome (descriptive scales such as lifetime event counts are not tested in the text). */
  isOutcome?: (key: string) => boolean;
}

function col(t: DesignTable, key: string): DesignColumnFormat {
  return t.columns.find((c) => c.key === key)?.format ?? 'num2';
}

/** A cell of table `t` as the report prints it. */
function cell(t: DesignTable, r: Row, key: string, loc: ReportLocale): string {
  return reportCell(r[key], col(t, key), loc);
}

/** "[a, b]" as the report's merged CI column prints it. */
function ci(t: DesignTable, r: Row, lo: string, hi: string, loc: ReportLocale): string {
  const sep = loc.decimalComma ?? loc.lang === 'nl' ? '; ' : ', ';
  return `[${cell(t, r, lo, loc)}${sep}${cell(t, r, hi, loc)}]`;
}

/** "*p* = .016" or "*p* < .001" (with an optional subscript). */
function pText(t: DesignTable, r: Row, key: string, loc: ReportLocale, sub = ''): string {
  const c = cell(t, r, key, loc);
  const sym = `*p*${sub ? `_{${sub}}` : ''}`;
  return /^[<>]/.test(c) ? `${sym} ${c}` : `${sym} = ${c}`;
}

function list(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const and = lang === 'nl' ? 'en' : 'and';
  return `${items.slice(0, -1).join('; ')}; ${and} ${items[items.length - 1]}`;
}

function names(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items[items.length - 1]}`;
}

function tref(refs: SectionRefs, id: string, lang: Lang): string {
  const n = refs.tables[id];
  if (n === undefined) return '';
  const k = refs.parts?.[id] ?? 1;
  return k > 1 ? `${lang === 'nl' ? 'Tabellen' : 'Tables'} ${n}–${n + k - 1}` : `${lang === 'nl' ? 'Tabel' : 'Table'} ${n}`;
}

function fref(nums: number[], lang: Lang): string {
  const f = lang === 'nl' ? 'Figuur' : 'Figure';
  if (nums.length === 0) return '';
  if (nums.length === 1) return `${f} ${nums[0]}`;
  return `${lang === 'nl' ? 'Figuren' : 'Figures'} ${nums[0]}–${nums[nums.length - 1]}`;
}

function figs(refs: SectionRefs, prefix: string): number[] {
  return Object.entries(refs.figures).filter(([id]) => id.includes(prefix)).map(([, n]) => n).sort((a, b) => a - b);
}

const sig = (r: Row, key: string) => typeof r[key] === 'number' && (r[key] as number) < 0.05;
const shown = (r: Row) => r.suppressed === undefined;

/** The results paragraph of a design result, in the report markup. */
export function resultsParagraph(result: DesignResult<object>, refs: SectionRefs, loc: ReportLocale): string {
  // a table split into parts is referred to in the plural: "Tables 1–4 give" / "Tabellen 1–4 geven"
  return paragraph(result, refs, loc).replace(/\b(Tables \d+–\d+) gives\b/g, '$1 give').replace(/\b(Tabellen \d+–\d+) geeft\b/g, '$1 geven');
}

function paragraph(result: DesignResult<object>, refs: SectionRefs, loc: ReportLocale): string {
  const lang = loc.lang;
  const nl = lang === 'nl';
  const x = result.extra as Record<string, unknown>;
  const [pre, post] = (x.waves as string[] | undefined) ?? ['', ''];
  switch (result.design) {
    case 'pre-post': {
      const t = result.table('prepost-outcomes');
      const rows = t.rows.filter((r) => shown(r) && (refs.isOutcome?.(String(r.outcome)) ?? true));
      const T = tref(refs, 'prepost-outcomes', lang);
      const F = fref(figs(refs, 'forest'), lang);
      const s = rows.filter((r) => sig(r, 'pHolm'));
      const ns = rows.filter((r) => !sig(r, 'pHolm') && Number.isFinite(r.t as number));
      const stat = (r: Row) => `${r.label} (*t*(${cell(t, r, 'df', loc)}) = ${cell(t, r, 't', loc)}, ${pText(t, r, 'pHolm', loc, 'Holm')}, *d*_{z} = ${cell(t, r, 'dz', loc)}, ${nl ? '95%-BI' : '95% CI'} ${ci(t, r, 'dzLower', 'dzUpper', loc)})`;
      const shares = rows.filter((r) => Number.isFinite(r.improvedShare as number));
      const parts: string[] = [];
      parts.push(
        nl
          ? `${T} geeft de gemiddelden en standaarddeviaties op ${pre} en ${post} van de gezinnen met beide metingen en de gepaarde *t*-toetsen; de *p*-waarden zijn volgens Holm gecorrigeerd voor alle ${t.rows.length} schalen van de tabel. Beschrijvende schalen (zoals het aantal ingrijpende gebeurtenissen in het hele leven, dat alleen kan stijgen) staan in de tabel maar worden hier niet als uitkomst besproken.`
          : `${T} gives the means and standard deviations at ${pre} and ${post} of the families with both measurements and the paired *t* tests; *p* values are Holm-adjusted for all ${t.rows.length} scales of the table. Descriptive scales (such as lifetime counts of life events, which can only rise) are in the table but not discussed here as outcomes.`,
      );
      if (s.length) parts.push(nl ? `Significant veranderden ${list(s.map(stat), lang)}.` : `Scores changed significantly on ${list(s.map(stat), lang)}.`);
      if (ns.length) parts.push(nl ? `Geen significante verandering werd gevonden op ${names(ns.map((r) => String(r.label)), lang)} (${ns.map((r) => pText(t, r, 'pHolm', loc, 'Holm')).join(', ')}).` : `No significant change was found on ${names(ns.map((r) => String(r.label)), lang)} (${ns.map((r) => pText(t, r, 'pHolm', loc, 'Holm')).join(', ')}).`);
      if (shares.length) {
        const lo = shares.reduce((a, r) => ((r.improvedShare as number) < (a.improvedShare as number) ? r : a));
        const hi = shares.reduce((a, r) => ((r.improvedShare as number) > (a.improvedShare as number) ? r : a));
        parts.push(
          nl
            ? `Het aandeel gezinnen dat betrouwbaar verbeterde (Jacobson–Truax) liep uiteen van ${cell(t, lo, 'improvedShare', loc)} (${lo.label}) tot ${cell(t, hi, 'improvedShare', loc)} (${hi.label}).`
            : `The share of families that improved reliably (Jacobson–Truax) ranged from ${cell(t, lo, 'improvedShare', loc)} (${lo.label}) to ${cell(t, hi, 'improvedShare', loc)} (${hi.label}).`,
        );
      }
      if (F) parts.push(nl ? `${F} toont de effectgroottes, met positief = verbetering; bij schalen waarop een lagere score beter is, is het teken daar omgekeerd ten opzichte van ${T}.` : `${F} shows the effect sizes with positive = improvement; for scales on which a lower score is better the sign there is reversed against ${T}.`);
      return parts.join(' ');
    }
    case 'gas': {
      const t = result.table('gas-summary');
      const r = t.rows[0];
      const T = tref(refs, 'gas-summary', lang);
      if (!r || !shown(r)) return nl ? `Zie ${T}.` : `See ${T}.`;
      return nl
        ? `Van de ${cell(t, r, 'n', loc)} gezinnen met een GAS-score op ${pre} en ${post} hadden er ${cell(t, r, 'positive', loc)} (${cell(t, r, 'positiveShare', loc)}, 95%-BI ${ci(t, r, 'positiveLower', 'positiveUpper', loc)}) een hogere *T*-score op ${post} dan op ${pre}, en ${cell(t, r, 'negative', loc)} een lagere (${T}; tekentoets ${pText(t, r, 'signP', loc)}; Wilcoxon *V* = ${cell(t, r, 'wilcoxonV', loc)}, ${pText(t, r, 'wilcoxonP', loc)}). Op ${post} haalde ${cell(t, r, 'atExpectedShare', loc)} minstens het verwachte niveau (*T* ≥ 50).`
        : `Of the ${cell(t, r, 'n', loc)} families with a GAS score at ${pre} and ${post}, ${cell(t, r, 'positive', loc)} (${cell(t, r, 'positiveShare', loc)}, 95% CI ${ci(t, r, 'positiveLower', 'positiveUpper', loc)}) had a higher *T* score at ${post} than at ${pre} and ${cell(t, r, 'negative', loc)} a lower one (${T}; sign test ${pText(t, r, 'signP', loc)}; Wilcoxon *V* = ${cell(t, r, 'wilcoxonV', loc)}, ${pText(t, r, 'wilcoxonP', loc)}). At ${post}, ${cell(t, r, 'atExpectedShare', loc)} attained at least the expected level (*T* ≥ 50).`;
    }
    case 'control': {
      const t = result.table('control-outcomes');
      const rows = t.rows.filter((r) => shown(r) && (refs.isOutcome?.(String(r.outcome)) ?? true));
      const T = tref(refs, 'control-outcomes', lang);
      const A = tref(refs, 'control-attrition', lang);
      const F = fref(figs(refs, 'forest'), lang);
      const cov = ((x.covariates as string[]) ?? ['pre']).map((c) => (c === 'pre' ? (nl ? 'de voormeting' : 'the pre-test') : covariateName(c, lang)));
      const stat = (r: Row) => `${r.label} (*F*(1, ${cell(t, r, 'df2', loc)}) = ${cell(t, r, 'F', loc)}, ${pText(t, r, 'pHolm', loc, 'Holm')}, *η*_{p}^{2} = ${cell(t, r, 'partialEta2', loc)}; *d*_{ppc2} = ${cell(t, r, 'dppc2', loc)}, ${nl ? '95%-BI' : '95% CI'} ${ci(t, r, 'dppc2Lower', 'dppc2Upper', loc)})`;
      const s = rows.filter((r) => sig(r, 'pHolm'));
      const ns = rows.filter((r) => !sig(r, 'pHolm') && Number.isFinite(r.F as number));
      const parts = [
        nl
          ? `${T} geeft per uitkomstmaat de ANCOVA van de score op ${post}, gecorrigeerd voor ${names(cov, lang)}, met de gecorrigeerde gemiddelden, het verschil Home-Start − vergelijkingsgroep en *d*_{ppc2} (Morris, 2008); *p*-waarden zijn volgens Holm gecorrigeerd voor ${t.rows.length} schalen.`
          : `${T} gives per outcome the ANCOVA of the ${post} score adjusted for ${names(cov, lang)}, with the adjusted means, the difference Home-Start − comparison group and *d*_{ppc2} (Morris, 2008); *p* values are Holm-adjusted for ${t.rows.length} scales.`,
      ];
      if (s.length) parts.push(nl ? `De groepen verschilden significant op ${list(s.map(stat), lang)}.` : `The groups differed significantly on ${list(s.map(stat), lang)}.`);
      if (ns.length) parts.push(nl ? `Op ${names(ns.map((r) => String(r.label)), lang)} was het verschil niet significant (${ns.map((r) => pText(t, r, 'pHolm', loc, 'Holm')).join(', ')}).` : `The difference was not significant on ${names(ns.map((r) => String(r.label)), lang)} (${ns.map((r) => pText(t, r, 'pHolm', loc, 'Holm')).join(', ')}).`);
      if (A) parts.push(nl ? `${A} geeft de uitval per groep en meting.` : `${A} gives the attrition per group and wave.`);
      if (F) parts.push(nl ? `${F} toont *d*_{ppc2} met positief = gunstig voor Home-Start.` : `${F} shows *d*_{ppc2} with positive = favouring Home-Start.`);
      return parts.join(' ');
    }
    case 'norm': {
      const t = result.table('norm-outcomes');
      const T = tref(refs, 'norm-outcomes', lang);
      const treat = String(x.treatment ?? 'homestart');
      const rows = t.rows.filter((r) => r.group === treat && shown(r) && Number.isFinite(r.cutoff as number));
      const one = (r: Row) =>
        nl
          ? `Op ${r.label} (afkappunt ${cell(t, r, 'cutoff', loc)}) scoorde op ${pre} ${cell(t, r, 'clinicalBefore', loc)} van de ${label(treat, lang)}-moeders in het klinische bereik en op ${post} ${cell(t, r, 'clinicalAfter', loc)}; ${cell(t, r, 'recoveredShare', loc)} herstelde, ${cell(t, r, 'improvedShare', loc)} verbeterde betrouwbaar en ${cell(t, r, 'deterioratedShare', loc)} verslechterde. Het gemiddelde op ${post} (${cell(t, r, 'postMean', loc)}) was ${r.equivalent === 'yes' ? 'equivalent aan' : 'niet aantoonbaar equivalent aan'} dat van de normgroep (${cell(t, r, 'normPostMean', loc)}; TOST ${pText(t, r, 'eqP', loc)}, *δ* = ${cell(t, r, 'delta', loc)}, 90%-BI ${ci(t, r, 'eqLower', 'eqUpper', loc)}).`
          : `On ${r.label} (cut-off ${cell(t, r, 'cutoff', loc)}), ${cell(t, r, 'clinicalBefore', loc)} of the ${label(treat, lang)} mothers scored in the clinical range at ${pre} and ${cell(t, r, 'clinicalAfter', loc)} at ${post}; ${cell(t, r, 'recoveredShare', loc)} recovered, ${cell(t, r, 'improvedShare', loc)} improved reliably and ${cell(t, r, 'deterioratedShare', loc)} deteriorated. The ${post} mean (${cell(t, r, 'postMean', loc)}) was ${r.equivalent === 'yes' ? 'equivalent to' : 'not shown to be equivalent to'} the norm group's (${cell(t, r, 'normPostMean', loc)}; TOST ${pText(t, r, 'eqP', loc)}, *δ* = ${cell(t, r, 'delta', loc)}, 90% CI ${ci(t, r, 'eqLower', 'eqUpper', loc)}).`;
      const intro = nl
        ? `${T} geeft per groep het afkappunt *c*, het aandeel in het klinische bereik vóór en na, de veranderingscategorieën (Jacobson & Truax, 1991) en de equivalentietoets tegen de normgroep (Kendall e.a., 1999).`
        : `${T} gives per group the cut-off *c*, the share in the clinical range before and after, the change categories (Jacobson & Truax, 1991) and the equivalence test against the norm group (Kendall et al., 1999).`;
      return [intro, ...rows.map(one)].join(' ');
    }
    case 'waves': {
      const d = tref(refs, 'waves-descriptives', lang);
      const per = tref(refs, 'waves-periods', lang);
      const mx = result.table('waves-mixed-anova');
      const M = tref(refs, 'waves-mixed-anova', lang);
      const rows = mx.rows.filter((r) => shown(r) && Number.isFinite(r.interactionF as number));
      const stat = (r: Row) => `${r.label} (*F*(${cell(mx, r, 'interactionDf1', loc)}, ${cell(mx, r, 'interactionDf2', loc)}) = ${cell(mx, r, 'interactionF', loc)}, ${pText(mx, r, 'interactionP', loc)}, *n* = ${cell(mx, r, 'n', loc)})`;
      const s = rows.filter((r) => sig(r, 'interactionP'));
      const ns = rows.filter((r) => !sig(r, 'interactionP'));
      const F = fref(figs(refs, 'interaction'), lang);
      const lmmParts: string[] = [];
      const lt = result.tables.find((x) => x.id === 'waves-lmm-tests');
      if (lt) {
        const L = tref(refs, 'waves-lmm-tests', lang);
        const lrows = lt.rows.filter((r) => shown(r) && Number.isFinite(r.chisq as number));
        const st = (r: Row) => `${r.label} (*χ*^{2}(${cell(lt, r, 'df', loc)}) = ${cell(lt, r, 'chisq', loc)}, ${pText(lt, r, 'p', loc)})`;
        const ls = lrows.filter((r) => sig(r, 'p'));
        const lns = lrows.filter((r) => !sig(r, 'p'));
        lmmParts.push(nl ? `In het lineaire gemengde model op alle beschikbare waarnemingen (${L}) verschilde het verloop tussen de groepen${ls.length ? ` significant voor ${list(ls.map(st), lang)}` : ' voor geen enkele uitkomstmaat significant'}${lns.length ? `; niet voor ${list(lns.map(st), lang)}` : ''}.` : `In the linear mixed model on all available observations (${L}), the course over time differed between the groups${ls.length ? ` significantly for ${list(ls.map(st), lang)}` : ' for no outcome'}${lns.length ? `; not for ${list(lns.map(st), lang)}` : ''}.`);
      }
      const parts = [
        ...lmmParts,
        nl
          ? `${d} geeft de gemiddelden per groep en meting van iedereen die op die meting gemeten is, ${per} de verandering per periode (gepaarde *t*-toets, *d*_{z}) en ${M} de gemengde ANOVA groep × tijd (Greenhouse–Geisser) op de deelnemers met alle metingen.`
          : `${d} gives the means per group and wave of everyone measured at that wave, ${per} the change per period (paired *t* test, *d*_{z}) and ${M} the mixed ANOVA group × time (Greenhouse–Geisser) on the participants with every wave.`,
      ];
      if (s.length) parts.push(nl ? `De interactie groep × tijd was significant voor ${list(s.map(stat), lang)}.` : `The group × time interaction was significant for ${list(s.map(stat), lang)}.`);
      if (ns.length) parts.push(nl ? `Voor ${list(ns.map(stat), lang)} was zij niet significant.` : `It was not significant for ${list(ns.map(stat), lang)}.`);
      parts.push(
        nl
          ? `Omdat de gemengde ANOVA alleen complete gevallen gebruikt, beschrijft zij bij uitval de deelnemers die bleven${F ? `; ${F} tonen de gemiddelden van iedereen per meting` : ''}.`
          : `Because the mixed ANOVA uses complete cases only, under attrition it describes the participants who stayed${F ? `; ${F} show the means of everyone at each wave` : ''}.`,
      );
      return parts.join(' ');
    }
    default:
      return result.apa();
  }
}

function covariateName(c: string, lang: Lang): string {
  const m: Record<string, { en: string; nl: string }> = { age: { en: 'age', nl: 'leeftijd' }, single_parent: { en: 'single parenthood', nl: 'alleenstaand ouderschap' } };
  return m[c]?.[lang] ?? c.replace(/_/g, ' ');
}

/** APA title of a design table in the report's language. */
export function tableTitle(result: DesignResult<object>, t: DesignTable, lang: Lang): string {
  const x = result.extra as Record<string, unknown>;
  const [pre, post] = (x.waves as string[] | undefined) ?? ['', ''];
  const nl = lang === 'nl';
  const titles: Record<string, [string, string]> = {
    'prepost-outcomes': [`Change from ${pre} to ${post} in the Home-Start group: paired t tests, effect sizes and reliable change`, `Verandering van ${pre} naar ${post} in de Home-Start-groep: gepaarde t-toetsen, effectgroottes en betrouwbare verandering`],
    'gas-summary': [`Goal attainment (GAS) at ${pre} and ${post}`, `Doelrealisatie (GAS) op ${pre} en ${post}`],
    'control-outcomes': [`ANCOVA of the ${post} scores: Home-Start versus comparison group`, `ANCOVA van de scores op ${post}: Home-Start versus vergelijkingsgroep`],
    'control-attrition': ['Participants per group and wave', 'Deelnemers per groep en meting'],
    'norm-outcomes': [`Clinical significance and normative comparison (${pre} to ${post})`, `Klinische significantie en normatieve vergelijking (${pre} tot ${post})`],
    'waves-descriptives': ['Means per group and wave', 'Gemiddelden per groep en meting'],
    'waves-periods': ['Change per period and group', 'Verandering per periode en groep'],
    'waves-mixed-anova': ['Mixed ANOVA group × time (participants with every wave)', 'Gemengde ANOVA groep × tijd (deelnemers met alle metingen)'],
    'waves-attrition': ['Participants per group and wave', 'Deelnemers per groep en meting'],
    'waves-lmm-tests': ['Linear mixed model: group × time and model fit (all available observations)', 'Lineair gemengd model: groep × tijd en modelfit (alle beschikbare waarnemingen)'],
    'waves-lmm-fixed': ['Linear mixed model: fixed effects', 'Lineair gemengd model: vaste effecten'],
    'waves-lmm-random': ['Linear mixed model: variance components', 'Lineair gemengd model: variantiecomponenten'],
    'waves-lmm-means': ['Linear mixed model: estimated means per group and wave', 'Lineair gemengd model: geschatte gemiddelden per groep en meting'],
    'waves-lmm-change': ['Linear mixed model: change per period per group, and the difference from the reference group', 'Lineair gemengd model: verandering per periode per groep, en het verschil met de referentiegroep'],
    'waves-attrition-patterns': ['Patterns of measured (X) and missing (.) waves', 'Patronen van gemeten (X) en ontbrekende (.) metingen'],
    'waves-attrition-baseline': [t.title, t.title.replace(/^Completers \(measured at (T\d+)\) versus dropouts at baseline \((T\d+)\)$/, 'Blijvers (gemeten op $1) versus uitvallers bij de start ($2)')],
  };
  return titles[t.id]?.[nl ? 1 : 0] ?? t.title;
}

/** APA table note (markup) in the report's language. */
export function tableNote(result: DesignResult<object>, t: DesignTable, lang: Lang): string {
  const x = result.extra as Record<string, unknown>;
  const [pre, post] = (x.waves as string[] | undefined) ?? ['', ''];
  const nl = lang === 'nl';
  const common = nl ? '*M* = gemiddelde; *SD* = standaarddeviatie; BI = betrouwbaarheidsinterval.' : '*M* = mean; *SD* = standard deviation; CI = confidence interval.';
  const notes: Record<string, [string, string]> = {
    'prepost-outcomes': [
      `Complete pairs only (*n*). Change = ${post} − ${pre}; *d* > 0 means scores rose (on stress scales a fall is an improvement). *d*_{z} = mean change / *SD* of the changes; *d*_{av} = mean change / mean of the two *SD*s. *p* (Holm): Holm-adjusted over the outcomes. Reliably improved / deteriorated: Jacobson–Truax RCI beyond ±1.96 in the good / bad direction, Wilson CI. *r*_{xx}: reliability used for the RCI.`,
      `Alleen complete paren (*n*). Verandering = ${post} − ${pre}; *d* > 0: scores stegen (op stressschalen is een daling een verbetering). *d*_{z} = gemiddelde verandering / *SD* van de veranderingen; *d*_{av} = gemiddelde verandering / gemiddelde van de twee *SD*'s. *p* (Holm): gecorrigeerd volgens Holm over de uitkomstmaten. Betrouwbaar verbeterd / verslechterd: Jacobson–Truax-RCI voorbij ±1,96 in de goede / slechte richting, Wilson-BI. *r*_{xx}: betrouwbaarheid voor de RCI.`,
    ],
    'gas-summary': [
      `Families with a GAS *T* score at both waves. Positive = higher *T* at ${post} than at ${pre}; *V* = Wilcoxon signed-rank statistic.`,
      `Gezinnen met een GAS-*T*-score op beide metingen. Positief = hogere *T* op ${post} dan op ${pre}; *V* = toetsingsgrootheid van de Wilcoxon-rangtekentoets.`,
    ],
    'control-outcomes': [
      `HS = Home-Start; C = comparison group. Adjusted means at the covariate means. Difference = adjusted ${post} mean HS − C. *d*_{ppc2} > 0: HS scores rose more than C scores (Morris, 2008). *p* (Holm): Holm-adjusted over the outcomes. Group × time: 2 × 2 mixed ANOVA.`,
      `HS = Home-Start; V = vergelijkingsgroep. Gecorrigeerde gemiddelden bij de gemiddelde covariaten. Verschil = gecorrigeerd gemiddelde op ${post} HS − V. *d*_{ppc2} > 0: de scores van HS stegen meer dan die van V (Morris, 2008). *p* (Holm): gecorrigeerd volgens Holm. Groep × tijd: 2 × 2 gemengde ANOVA.`,
    ],
    'control-attrition': ['Participants with any score at the wave; retained = share of the first wave.', 'Deelnemers met een score op de meting; behouden = aandeel van de eerste meting.'],
    'norm-outcomes': [
      `Clinical = on the clinical side of the cut-off *c*. Categories per Jacobson & Truax (1991). Equivalence: 90% CI of *M*_{post} − *M*_{norm} within ±*δ* (two one-sided tests).`,
      `Klinisch = aan de klinische kant van het afkappunt *c*. Categorieën volgens Jacobson & Truax (1991). Equivalentie: 90%-BI van *M*_{na} − *M*_{norm} binnen ±*δ* (twee eenzijdige toetsen).`,
    ],
    'waves-descriptives': ['Everyone measured at the wave (*n* falls with attrition); *t*-based CIs.', 'Iedereen die op de meting gemeten is (*n* daalt door uitval); BI op basis van *t*.'],
    'waves-periods': ['Participants present at both waves of the period. *d*_{z} > 0: scores rose.', 'Deelnemers aanwezig op beide metingen van de periode. *d*_{z} > 0: scores stegen.'],
    'waves-mixed-anova': ['Complete cases only; GG = Greenhouse–Geisser correction, *ε* its estimate.', 'Alleen complete gevallen; GG = Greenhouse–Geisser-correctie, *ε* de schatting ervan.'],
    'waves-attrition': ['Participants with any score at the wave; retained = share of the first wave.', 'Deelnemers met een score op de meting; behouden = aandeel van de eerste meting.'],
    'waves-lmm-tests': [t.note ?? '', 'Likelihood-ratio-toets van het model met en zonder de termen groep × tijd, beide opnieuw geschat met ML (lme4 anova). De type-III-*F* staat erbij wanneer groep × tijd één term is (Satterthwaite-df).'],
    'waves-lmm-fixed': [t.note ?? '', (t.note ?? '').replace(/^Reference group: (.*?)\. Time in months/, 'Referentiegroep: $1. Tijd in maanden').replace('; time1 = slope up to the knot, time2 = slope after it.', '; time1 = helling tot het knikpunt, time2 = helling erna.')],
    'waves-lmm-random': [t.note ?? '', 'Variantiecomponenten van het model (REML).'],
    'waves-lmm-means': [t.note ?? '', 'Modelgeschatte gemiddelden gebruiken elke waarneming (covariaten op hun gemiddelde), zodat uitval ze niet vertekent als de gegevens MAR zijn.'],
    'waves-lmm-change': [t.note ?? '', (t.note ?? '').replace(/^Difference = change in the group minus change in the reference group \((.*?)\) over the same period; d = difference \/ pooled baseline SD \(Feingold, 2009\)\.$/, 'Verschil = verandering in de groep min verandering in de referentiegroep ($1) over dezelfde periode; *d* = verschil / gepoolde *SD* bij de start (Feingold, 2009).')],
    'waves-attrition-patterns': [t.note ?? '', 'X = gemeten, . = ontbrekend. Een patroon met een gat (bijv. X.X..) is tussentijds ontbreken, geen uitval.'],
    'waves-attrition-baseline': [t.note ?? '', 'Numeriek: Welch-*t* en Hedges\' *g* (blijvers − uitvallers). Binair (0/1): aandeel met 1, Fishers exacte toets en odds ratio. Analyses van alle beschikbare metingen (het gemengde model) zijn zuiver als de gegevens MAR zijn (missing at random): of een meting ontbreekt mag afhangen van wat wel gemeten is, maar niet daarbovenop van de niet-gemeten score zelf. MAR is niet uit de data te toetsen; de vergelijking bij de start laat alleen zien of uitvallers verschilden op wat gemeten is. Analyses van complete gevallen vragen de sterkere aanname dat uitvallers een willekeurige deelverzameling zijn (MCAR).'],
  };
  const base = notes[t.id]?.[nl ? 1 : 0] ?? t.note ?? '';
  const suppressed = t.rows.some((r) => r.suppressed !== undefined) ? ` ${String(t.rows.find((r) => r.suppressed !== undefined)!.suppressed)}` : '';
  return `${base} ${common}${suppressed}`.trim();
}

/** The methods paragraph in the report's language (English: the design's own note, cleaned of code words). */
export function methodsParagraph(result: DesignResult<object>, lang: Lang): string {
  const x = result.extra as Record<string, unknown>;
  const [pre, post] = (x.waves as string[] | undefined) ?? ['', ''];
  const clean = (s: string) => s.replace(/`/g, '').replace(/\bsingle_parent\b/g, 'single parenthood').replace(/\s*\(extension point for a later issue\)/g, '').replace(/Longitudinal mixed models on all available waves: not fitted here\.?/g, 'Longitudinal mixed models on all available waves are not part of this report.');
  if (lang === 'en') return symbolsInProse(clean(result.methodsNote));
  const n = Object.entries(result.n).map(([g, k]) => `${codeText(g, 'nl')} *n* = ${k}`).join(', ');
  switch (result.design) {
    case 'pre-post':
      return `Voor- en nameting van de Home-Start-groep (${pre} en ${post}; ${n}). Deelnemers met een score op beide metingen werden geanalyseerd (listwise). Verandering werd getoetst met een gepaarde *t*-toets (tweezijdig), *p*-waarden gecorrigeerd volgens Holm; de gemiddelde verandering heeft een 95%-BI op basis van *t*. Effectgroottes: *d*_{z} (BI door inversie van de niet-centrale *t*-verdeling) en *d*_{av} (Lakens, 2013). Betrouwbare verandering: RCI van Jacobson en Truax (1991) met de betrouwbaarheid uit de schaaldefinitie of anders Cronbachs *α* van de items op ${pre}; aandelen met Wilson-BI.`;
    case 'gas':
      return `GAS-*T*-scores (Kiresuk & Sherman, 1968) van de Home-Start-groep op ${pre} en ${post} (${n}). Positieve doelrealisatie is een hogere *T*-score op ${post} dan op ${pre}; het aandeel heeft een Wilson-BI. Toetsen: exacte tekentoets (gelijke scores weggelaten) en Wilcoxon-rangtekentoets.`;
    case 'control':
      return `Home-Start versus vergelijkingsgroep (${n}), ${pre} tot ${post}. ANCOVA van de score op ${post} met groep en ${((x.covariates as string[]) ?? ['pre']).map((c) => (c === 'pre' ? 'de voormeting' : covariateName(c, 'nl'))).join(', ')} als covariaten (kleinste kwadraten; gevallen met een ontbrekende waarde listwise uitgesloten); gecorrigeerde gemiddelden met 95%-BI; *p*-waarden gecorrigeerd volgens Holm. Effectgrootte *d*_{ppc2} (Morris, 2008) met een normaal-benaderd BI. Groep × tijd: 2 × 2 gemengde ANOVA op deelnemers met beide metingen.`;
    case 'norm':
      return `Klinische significantie (Jacobson & Truax, 1991) van ${pre} tot ${post} per groep (${n}). Afkappunt *c* tussen de klinische populatie (Home-Start op ${pre}) en de functionele populatie (normgroep op ${pre}). Betrouwbare verandering: RCI voorbij ±1,96. Categorieën: hersteld, verbeterd, onveranderd, verslechterd, geschaad; aandelen met Wilson-BI. Normatieve vergelijking (Kendall e.a., 1999): twee eenzijdige Welch-*t*-toetsen van het gemiddelde op ${post} tegen dat van de normgroep binnen ±1 *SD* (90%-BI).`;
    case 'waves':
      return `${((x.waves as string[]) ?? []).length} metingen (${((x.waves as string[]) ?? []).join(', ')}), groepen: ${n}. Primaire analyse: lineair gemengd model op alle beschikbare waarnemingen (iedereen met minstens één meting), geschat met REML (zoals lme4) met Satterthwaite-df; groep × tijd met een likelihood-ratio-toets (ML); modelgeschatte gemiddelden en verandering per periode met 95%-BI; verschillen in verandering als Feingold-*d*. Geldig als de gegevens MAR zijn (zie de uitval). Daarnaast: beschrijvende statistieken per meting van iedereen die gemeten is; verandering per periode met een gepaarde *t*-toets en *d*_{z}; gemengde ANOVA groep × tijd (type III, Greenhouse–Geisser-correctie) op de deelnemers met alle metingen, ter vergelijking met eerdere publicaties.`;
    default:
      return clean(result.methodsNote);
  }
}

/** Puts the symbols of a plain English methods note in italics (d_z → *d*_{z}, "M = " → "*M* = "). */
function symbolsInProse(s: string): string {
  return s.replace(/\bd_(z|av|ppc2|rm)\b/g, '*d*_{$1}').replace(/\br_xx\b/g, '*r*_{xx}').replace(/\bp-values\b/g, '*p* values').replace(/\bt-test\b/g, '*t* test').replace(/\bF-test\b/g, '*F* test').replace(/(^|[\s(])n = /g, '$1*n* = ');
}
