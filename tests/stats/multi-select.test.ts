import { describe, expect, it } from 'vitest';
import { multiSelectSummary } from '../../src/stats/multi-select.js';
import { wilsonInterval } from '../../src/stats/proportion.js';

describe('multiSelectSummary', () => {
  const answers = ['no click;moved', 'moved', [], null, 'no click', ['moved', 'moved', 'family reasons'], 'no click ; family reasons', undefined];
  const group = ['coordinator', 'volunteer', 'volunteer', 'volunteer', 'coordinator', 'volunteer', 'coordinator', 'coordinator'];
  it('counts each option once per respondent; shares of the 6 who answered with Wilson CIs', () => {
    const r = multiSelectSummary(answers);
    expect(r.respondents).toBe(6);
    expect(r.notAnswered).toBe(2);
    expect(r.rows.map((x) => [x.option, x.count])).toEqual([['moved', 3], ['no click', 3], ['family reasons', 2]]);
    const w = wilsonInterval(3, 6);
    expect(r.rows[0].share.ci.lower).toBe(w.ci.lower);
    expect(r.rows[0].share.estimate).toBe(0.5);
    expect(r.apa()).toMatch(/^moved: 50\.0%, 95% CI \[/);
  });
  it('fixed option order (with a never-chosen option) and the cross-tabulation by group', () => {
    const r = multiSelectSummary(answers, { options: ['no click', 'moved', 'family reasons', 'language'], group });
    expect(r.rows.map((x) => x.count)).toEqual([3, 3, 2, 0]);
    expect(r.groups.map((g) => [g.group, g.respondents, g.rows.map((x) => x.count)])).toEqual([
      ['coordinator', 3, [3, 1, 1, 0]],
      ['volunteer', 3, [0, 2, 1, 0]],
    ]);
    expect(() => multiSelectSummary(['x'], { options: ['a'] })).toThrow(/respondent 1 ticked an option that is not in the list/);
    expect(multiSelectSummary(['no click;moved', 'moved', [], null, 'no click']).rows.map((x) => [x.option, x.count])).toEqual([['moved', 2], ['no click', 2]]);
  });
});
