/**
 * The fallback's rule for where to act on one failing count, round by round (docs/disclosure-control.md,
 * "The fallback" and "A failing count whose tables are all gone"). `disclosure.ts` (`fallbackChanges`) gives it
 * the count's state and the places it can name; kept apart so that the rule is tested on its own
 * (tests/impact/fallback-rule.test.ts). Not part of the public API.
 */

/** A table of a publication written now (`<publication id>#<table>`) and the count of it the fallback acts through. */
export interface FallbackPlace {
  key: string;
  place: string;
}

/**
 * Who prints a failing count: a publication of this run (`printed`), only an earlier publication of the
 * ledger (`printed before`), or no file (`printed nowhere`: a window between published periods, a row left
 * out of a site list, a count the model does not hold).
 */
export type FailingCountPrinted = 'printed' | 'printed before' | 'printed nowhere';

/**
 * The tables the fallback acts on for one failing count this round.
 *
 * - A count only an earlier file prints: the tables its bound's certificate rests on (`pins`), recomputed each
 *   round; without a certificate, as a count printed now.
 * - First time failing: the nearest counts printed now (`nearest`).
 * - Failing again: the same tables (one step further: combined → left out).
 * - Except a count **no file prints** whose tables acted on before are all left out now (their publication
 *   withdrawn): what pins it is elsewhere, so the certificate's tables (`pins`), else the nearest counts printed
 *   now — when one of them is still open. A count an earlier file prints is not chased further through the set
 *   (what still gives it away is already published: the set is refused).
 *
 * `before` is what was acted on in earlier rounds (undefined the first time); `open(place)` is false for a table
 * left out. `pins` and `nearest` are called only when needed.
 */
export function fallbackPlaces(
  printed: FailingCountPrinted,
  before: readonly FallbackPlace[] | undefined,
  open: (place: string) => boolean,
  pins: () => FallbackPlace[] | null,
  nearest: () => FallbackPlace[],
): FallbackPlace[] {
  if (printed === 'printed before') {
    const p = pins();
    if (p) return p;
  }
  if (!before) return nearest();
  if (printed === 'printed nowhere' && before.every((p) => !open(p.place))) {
    const again = pins() ?? nearest();
    if (again.some((p) => open(p.place))) return again;
  }
  return [...before];
}
