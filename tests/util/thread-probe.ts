/** Functions the helper-thread tests run on the helper thread (tests/util/helper-thread.test.ts). */
import { isMainThread, threadId } from 'node:worker_threads';
import { DataError } from '../../src/data/issues.js';
import { makeIssue } from '../../src/data/issues.js';

/** Where it runs. */
export function where(tag: string): { tag: string; threadId: number; isMainThread: boolean } {
  return { tag, threadId, isMainThread };
}

/** Throws a DataError with one issue. */
export function refuse(): never {
  throw new DataError('probe.csv: refused', [makeIssue('error', 'unreadable-file', { file: 'probe.csv' }, 'the file cannot be read.')]);
}
