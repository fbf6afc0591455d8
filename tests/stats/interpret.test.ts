import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  EFFECT_SIZE_RULES,
  defineInterpretationRules,
  interpretCohensD,
  interpretEffect,
  interpretR,
  interpretationRules,
} from '../../src/stats/interpret.js';
import { StatsError } from '../../src/stats/result.js';

const ref = JSON.parse(readFileSync(new URL('../reference/effsize.json', import.meta.url), 'utf8')).interpret as {
  values: number[];
  d: Record<string, string[]>;
  r: Record<string, string[]>;
  custom_right_true: string[];
  custom_right_false: string[];
};

describe('interpretation rules against R effectsize 0.8.3', () => {
  it('interpret_cohens_d for cohen1988, sawilowsky2009, lovakov2021, gignac2016 (incl. values on the boundaries and negative d)', () => {
    for (const [name, labels] of Object.entries(ref.d)) {
      expect(ref.values.map((v) => interpretCohensD(v, name))).toEqual(labels);
    }
  });
  it('interpret_r for funder2019, cohen1988, gignac2016, lovakov2021', () => {
    for (const [name, labels] of Object.entries(ref.r)) {
      expect(ref.values.map((v) => interpretR(v, name))).toEqual(labels);
    }
  });
  it('custom rules with right = TRUE and right = FALSE', () => {
    const base = { family: 'd' as const, thresholds: [0.2, 0.5], labels: ['low', 'mid', 'high'] };
    expect(ref.values.map((v) => interpretEffect(v, defineInterpretationRules({ ...base, right: true })))).toEqual(ref.custom_right_true);
    expect(ref.values.map((v) => interpretEffect(v, defineInterpretationRules(base)))).toEqual(ref.custom_right_false);
    expect(interpretCohensD(0.3, defineInterpretationRules(base))).toBe('mid');
  });
  it('TSDoc examples and boundary convention', () => {
    expect(interpretEffect(0.5, interpretationRules('cohen1988', 'd'))).toBe('medium');
    expect(interpretEffect(-0.49, interpretationRules('cohen1988', 'd'))).toBe('small');
    expect(interpretCohensD(0.8)).toBe('large');
    expect(interpretR(0.25, 'gignac2016')).toBe('moderate');
  });
  it('every built-in set is valid data with a reference', () => {
    for (const r of Object.values(EFFECT_SIZE_RULES)) {
      expect(defineInterpretationRules(r)).toEqual(r);
      expect(r.reference.length).toBeGreaterThan(10);
    }
  });
  it('errors are clear', () => {
    expect(() => interpretationRules('nope', 'd')).toThrow(/available: cohen1988, sawilowsky2009, lovakov2021/);
    expect(() => defineInterpretationRules({ family: 'd', thresholds: [0.5, 0.2], labels: ['a', 'b', 'c'] })).toThrow(/increasing/);
    expect(() => defineInterpretationRules({ family: 'd', thresholds: [0.2], labels: ['a'] })).toThrow(/one label more/);
    expect(() => interpretCohensD(NaN)).toThrow(StatsError);
  });
});
