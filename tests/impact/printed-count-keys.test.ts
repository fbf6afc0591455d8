/**
 * The counts a publication prints, as the disclosure control asks them of every publication of the set
 * (report.ts `printedCountKeys`: the tables' positions without values, marks, percentages, statistics or
 * charts), against the published tables themselves (`publishFigures` under every count shown, then the keys
 * of its count cells): the same keys in the same order on every publication of the national set — with the
 * open-ended classes decided over the set, and with layouts that combine categories and leave tables out.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { loadRegistration, publishFigures, type ImpactFigures } from '../../src/impact/index.js';
import { printedCountKeys, type PublicationDecisions } from '../../src/impact/report.js';
import { publishedCellKeys } from '../../src/impact/published-cells.js';
import { publicationSetFigures } from '../../src/impact/disclosure.js';
import { decideOpenEndedTails, publicationKey, type OpenEndedTails, type PublicationLayout } from '../../src/impact/publication.js';

const REF = '2025-12-31';
let figs: ImpactFigures[];
let tails: Map<string, OpenEndedTails>;

beforeAll(async () => {
  const { data } = await loadRegistration('sample-data/registration/national', { referenceDate: REF });
  figs = publicationSetFigures(data, [2025], { referenceDate: REF });
  const regionOf = new Map(data.sites.map((s) => [s.siteId, s.region]));
  tails = decideOpenEndedTails(figs, 5, (s) => regionOf.get(s), []);
}, 120_000);

/** Every count shown (as the disclosure control asks for the positions), with the given layouts. */
const allShown = (layouts: Record<string, PublicationLayout> = {}): PublicationDecisions => ({
  threshold: 5,
  zeroHidden: false,
  statusOf: () => undefined,
  unprotected: 0,
  layoutOf: (id) => layouts[id],
  openEndedTails: (id) => tails.get(id),
});

const printedByTables = (fig: ImpactFigures, decisions: PublicationDecisions) => [...publishedCellKeys(publishFigures(fig, { lang: 'en', threshold: 5, decisions }))];
const printedByPositions = (fig: ImpactFigures, decisions: PublicationDecisions) => [...printedCountKeys(fig, { lang: 'en', threshold: 5, decisions })];

describe('printedCountKeys: the printed counts without publishing the tables', () => {
  it('equals the count cells of the published tables on all 176 publications of the national set, in order', () => {
    expect(figs.length).toBe(176);
    const d = allShown();
    let total = 0;
    for (const fig of figs) {
      const byTables = printedByTables(fig, d);
      expect(printedByPositions(fig, d), publicationKey(fig.scope, fig.key)).toEqual(byTables);
      total += byTables.length;
    }
    // the set's printed counts (the model adds the implied classes of merged open-ended tails to these)
    expect(total).toBeGreaterThan(40_000);
  });

  it('equals them under layouts: categories combined, ordered classes merged, tables left out', () => {
    const layouts: Record<string, PublicationLayout> = {};
    const some = figs.filter((_, i) => i % 7 === 0);
    some.forEach((fig, i) => {
      layouts[publicationKey(fig.scope, fig.key)] =
        i % 3 === 0
          ? { merged: { verwijzers: ['school', 'other'], duur: ['6-9', '9-12'] }, leftOut: ['hulpvragen'] }
          : i % 3 === 1
            ? { leftOut: ['gezinnen-per-jaar', 'vrijwilligers-gestopt', 'locaties'], merged: { 'vrijwilligers-gender': ['female', 'male'] } }
            : { merged: { kinderen: ['4-6', '7-12'], afsluitredenen: ['moved', 'other'] } };
    });
    const d = allShown(layouts);
    for (const fig of some) {
      const byTables = printedByTables(fig, d);
      const pub = publishFigures(fig, { lang: 'en', threshold: 5, decisions: d });
      // the layouts took effect (a table left out prints no row; a combined row is printed)
      expect(pub.tables.some((t) => t.leftOut || t.merged)).toBe(true);
      expect(printedByPositions(fig, d), publicationKey(fig.scope, fig.key)).toEqual(byTables);
    }
  });
});
