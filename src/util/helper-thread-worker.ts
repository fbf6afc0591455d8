/**
 * The helper thread's side (helper-thread.ts): runs each call's function of its module, one call after another in
 * the order received, and posts back the result or the error (its class name, message, stack and own fields).
 * Started only by helper-thread.ts.
 */
import { parentPort } from 'node:worker_threads';

interface Call {
  id: number;
  module: string;
  name: string;
  args: unknown[];
}

const port = parentPort;
if (!port) throw new Error('helper-thread-worker runs only as the helper thread of helper-thread.ts.');

/** An error as plain data (the structured clone keeps only some error fields). */
function errorData(err: unknown): { name: string; message: string; stack?: string; data: Record<string, unknown> } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), data: {} };
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    try {
      structuredClone(v);
      data[k] = v;
    } catch {
      // a field the clone cannot copy (a function, a handle) is left out
    }
  }
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), data };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (call: Call) => {
  queue = queue.then(async () => {
    try {
      const mod = (await import(call.module)) as Record<string, (...a: unknown[]) => unknown>;
      const result = call.name === '' ? null : await mod[call.name](...call.args);
      port.postMessage({ id: call.id, ok: true, result });
    } catch (err) {
      port.postMessage({ id: call.id, ok: false, error: errorData(err) });
    }
  });
});
