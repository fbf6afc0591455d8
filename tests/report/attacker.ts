/**
 * The attacker of shared study outputs: holds every file a writer produced (SVG, Vega-Lite JSON,
 * result JSON, CSV, HTML) and the participants' true scores, and looks for any "record" (one SVG
 * accessibility label, one innermost JSON object, one CSV line, one HTML table row or label) that
 * carries a participant's exact score pair (pre and post of one scale, or two consecutive waves), or a
 * participant id. Axis descriptions are left out (their ranges are round numbers vega picks).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ScoreRow } from '../../src/data/types.js';

export interface Hit {
  file: string;
  participant: string;
  what: string;
  record: string;
}

/** Every text file under `dir` (recursively), PNG and other binaries skipped. */
export function outputFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...outputFiles(p));
    else if (/\.(svg|json|csv|html|txt|md)$/i.test(f)) out.push(p);
  }
  return out;
}

/** Splits a published file into the records an attacker reads one by one. */
export function recordsOf(file: string, text: string): string[] {
  const recs: string[] = [];
  if (/\.(svg|html)$/i.test(file)) {
    for (const m of text.matchAll(/aria-label="([^"]*)"/g)) if (!/^[XY]-axis/.test(m[1])) recs.push(m[1]);
    for (const m of text.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) recs.push(m[1]);
    for (const m of text.matchAll(/<(?:p|li)[^>]*>([\s\S]*?)<\/(?:p|li)>/g)) recs.push(m[1]);
  }
  if (/\.json$/i.test(file)) {
    // innermost objects: no nested braces
    for (const m of text.matchAll(/\{[^{}]*\}/g)) recs.push(m[0]);
  }
  if (/\.(csv|txt|md)$/i.test(file)) recs.push(...text.split('\n'));
  return recs;
}

/** Exact numbers stated in a record; a range "75–80" (a bin) states no exact value and is left out. */
function numbers(s: string): number[] {
  // counts labelled as such (n, participants, count) are group sizes, not scores
  s = s.replace(/\b(n|count|Participants|Deelnemers)(:\s*| = )\d+/gi, ' ');
  s = s.replace(/#[0-9a-f]{3,8}\b/gi, ' ').replace(/[−-]?\d+(?:\.\d+)?\s*–\s*[−-]?\d+(?:\.\d+)?/g, ' ').replace(/−/g, '-');
  return [...s.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)].map((m) => Number(m[0]));
}

/**
 * Attacks the files under `dir` with the true scores: for each participant and scale, every pair of
 * consecutive waves (T1→T2, T2→T3, …) is a target; a record holding both exact numbers (the same
 * number twice when equal) is a hit; so is a participant id anywhere in a file.
 */
export function attack(dir: string, scores: readonly ScoreRow[], options: { scales?: string[]; filePrefix?: string } = {}): Hit[] {
  const files = outputFiles(dir).filter((f) => !options.filePrefix || f.split('/').pop()!.startsWith(options.filePrefix));
  const byPerson = new Map<string, Map<string, Map<string, number>>>();
  for (const s of scores) {
    if (s.score === null) continue;
    const key = `${s.instrument}:${s.scale}`;
    if (options.scales && !options.scales.includes(key)) continue;
    const p = byPerson.get(s.participantId) ?? new Map();
    const w = p.get(key) ?? new Map();
    w.set(s.wave, s.score);
    p.set(key, w);
    byPerson.set(s.participantId, p);
  }
  const hits: Hit[] = [];
  const key = (v: number) => v.toPrecision(9);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const id of byPerson.keys()) if (text.includes(id)) hits.push({ file, participant: id, what: 'id', record: id });
    const recs = recordsOf(file, text);
    // index: number → records holding it (with how often)
    const index = new Map<string, Map<number, number>>();
    recs.forEach((r, i) => {
      for (const v of numbers(r)) {
        const m = index.get(key(v)) ?? new Map<number, number>();
        m.set(i, (m.get(i) ?? 0) + 1);
        index.set(key(v), m);
      }
    });
    for (const [id, scales] of byPerson) {
      for (const [scale, waves] of scales) {
        const seq = [...waves.entries()].sort((a, b) => Number(a[0].replace(/\D/g, '')) - Number(b[0].replace(/\D/g, '')));
        for (let i = 0; i + 1 < seq.length; i++) {
          const a = seq[i][1];
          const b = seq[i + 1][1];
          // two small whole numbers (life-event counts 0–9) are indistinguishable from the counts, n and
          // df every table prints; such pairs are protected by the binning (width ≥ 2) but not attacked here
          if ([a, b].every((v) => Number.isInteger(v) && Math.abs(v) < 10)) continue;
          const ra = index.get(key(a));
          const rb = index.get(key(b));
          if (!ra || !rb) continue;
          const hit = [...ra.entries()].find(([r, times]) => (a === b ? times >= 2 : rb.has(r)));
          if (hit) hits.push({ file, participant: id, what: `${scale} ${seq[i][0]}=${a}, ${seq[i + 1][0]}=${b}`, record: recs[hit[0]].slice(0, 200) });
        }
      }
    }
  }
  return hits;
}
