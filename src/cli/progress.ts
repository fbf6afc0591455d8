/**
 * The status line of a long command on a terminal: one line on stderr that rewrites itself (carriage return,
 * clear to the end of the line) with the command's step and, inside the disclosure control, how far its audit
 * is. Only where a person watches (stderr is a TTY): a log or a CI run gets nothing. Counts only, never a value.
 */
import type { DisclosureProgress } from '../impact/disclosure.js';

export interface StatusLine {
  /** A new step of the command: `  [k] name…`. */
  step(name: string): void;
  /** The disclosure control's progress under the current step ({@link disclosureProgressLine}). */
  disclosure(p: DisclosureProgress): void;
  /** Clears the line (before the command's normal output or an error). */
  clear(): void;
}

/** Least time between two rewrites of the line for the same audit stage, in ms (a new stage is shown at once). */
const REWRITE_MS = 200;

/**
 * The status line on `stream` (default stderr); does nothing when the stream is not a TTY. The disclosure
 * progress is rewritten when an audit's stage, round or step changes, else at most every 200 ms, and cut to
 * the terminal's width (a wrapped line could not be rewritten in place).
 */
export function statusLine(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'> = process.stderr): StatusLine {
  const enabled = stream.isTTY === true;
  let step = 0;
  let lastKey = '';
  let lastWrite = -Infinity;
  const write = (text: string) => {
    const width = stream.columns > 0 ? stream.columns - 1 : Infinity;
    stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
  };
  return {
    step(name) {
      if (!enabled) return;
      step++;
      lastKey = '';
      write(`  [${step}] ${name}…`);
    },
    disclosure(p) {
      if (!enabled) return;
      const key = `${p.fallbackRound}|${p.step}|${p.round}|${p.trial?.index ?? ''}|${p.audit.stage}`;
      const now = performance.now();
      if (key === lastKey && now - lastWrite < REWRITE_MS) return;
      lastKey = key;
      lastWrite = now;
      write(`  [${Math.max(step, 1)}] ${disclosureProgressLine(p)}`);
    },
    clear() {
      if (enabled) stream.write('\r\x1b[K');
    },
  };
}

const STAGE_LABELS: Record<DisclosureProgress['audit']['stage'], string> = { local: 'local LPs', neighbourhood: 'neighbourhoods', component: 'whole components' };

/**
 * The disclosure control's progress as one line of the CLI (English, thousands grouped like the CLI's other
 * messages): what runs, the audit's stage, its cells settled of its total, the LPs and the time so far.
 * @example
 * disclosureProgressLine({ step: 'repair', round: 2, failing: 37, fallbackRound: 0, lps: 5812, ms: 72_400,
 *   audit: { stage: 'component', settled: 1234, total: 3760, lps: 812, ms: 20_000, done: false } })
 * // 'disclosure control: audit round 2, whole components: 1,234 of 3,760 cells settled, 5,812 LPs, 1 min 12 s (37 counts not yet protected after round 1)'
 */
export function disclosureProgressLine(p: DisclosureProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const what =
    p.step === 'zeros'
      ? 'zeros printed before'
      : p.step === 'repair'
        ? `audit round ${p.round}`
        : p.step === 'exact'
          ? `audit round ${p.round} (exact bounds)`
          : p.step === 'left-out'
            ? `audit round ${p.round} (after leaving counts out)`
            : p.step === 'reprint'
              ? `redundant suppression${p.trial ? `, trial ${n(p.trial.index)} of ${n(p.trial.of)}` : ''}`
              : 'audit for the proofs kept';
  const head = p.fallbackRound > 0 ? `disclosure control, fallback round ${p.fallbackRound}` : 'disclosure control';
  const failing = p.step === 'repair' && p.round > 1 && p.failing !== null ? ` (${n(p.failing)} ${p.failing === 1 ? 'count' : 'counts'} not yet protected after round ${p.round - 1})` : '';
  return `${head}: ${what}, ${STAGE_LABELS[p.audit.stage]}: ${n(p.audit.settled)} of ${n(p.audit.total)} cells settled, ${n(p.lps)} LPs, ${elapsed(p.ms)}${failing}`;
}

/** Wall time as the status line shows it: `12 s`, `1 min 12 s`, `1 h 5 min`. */
export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
