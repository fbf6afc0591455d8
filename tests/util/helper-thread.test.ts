/**
 * The helper thread (util/helper-thread.ts): a call runs on another thread, in the order made, and its errors come
 * back with their name, message and own fields.
 */
import { describe, expect, it } from 'vitest';
import { helperThreadId, onHelperThread } from '../../src/util/helper-thread.js';

const PROBE = new URL('./thread-probe.ts', import.meta.url).href;

describe('onHelperThread', () => {
  it('runs the function on the helper thread, not on this one', async () => {
    const r = await onHelperThread<{ tag: string; threadId: number; isMainThread: boolean }>(PROBE, 'where', ['a']);
    expect(r.tag).toBe('a');
    expect(r.isMainThread).toBe(false);
    expect(r.threadId).toBeGreaterThan(0);
    expect(r.threadId).toBe(helperThreadId());
  });

  it('answers the calls in the order made', async () => {
    const tags = await Promise.all(['1', '2', '3'].map((t) => onHelperThread<{ tag: string }>(PROBE, 'where', [t]).then((r) => r.tag)));
    expect(tags).toEqual(['1', '2', '3']);
  });

  it('throws an error of the thread with its name, message and own fields', async () => {
    const err = (await onHelperThread(PROBE, 'refuse').catch((e: unknown) => e)) as Error & { issues?: Array<{ rule: string }> };
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DataError');
    expect(err.message).toBe('probe.csv: refused');
    expect(err.issues?.map((i) => i.rule)).toEqual(['unreadable-file']);
  });
});
