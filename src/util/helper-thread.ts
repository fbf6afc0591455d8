/**
 * One helper thread per process (a `worker_threads` Worker) that runs an exported function of one of our modules
 * while the main thread goes on with other work: the annual report renders its charts there while the main thread
 * works out the site funnels and makes the tables' files. On a machine with a free second core that takes the work
 * off the wall time; the results are the same as in-process (the same function runs, on arguments and results
 * copied by the structured clone).
 *
 * The thread is started on first use, loads each module once, and never keeps the process alive by itself (it is
 * referenced only while a call is pending). When it cannot be started or dies, a call runs in-process instead (the
 * same function), so a missing thread costs time, never a result. Under TypeScript sources (tests, `tsx`) the thread
 * runs the `.ts` modules through tsx.
 */
import { Worker } from 'node:worker_threads';

/** An error of a call on the helper thread, as copied back: its class name, message and own fields (e.g. a DataError's issues). */
interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  data: Record<string, unknown>;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ThreadError };

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  module: string;
  name: string;
  args: unknown[];
}

let worker: Worker | null = null;
/** The thread could not be started or died: every call runs in-process from then on. */
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

/** An error of the thread as an Error here: its name, message, stack and own fields. */
function rebuildError(e: ThreadError): Error {
  const err = Object.assign(new Error(e.message), { name: e.name }, e.data);
  if (e.stack) err.stack = e.stack;
  return err;
}

function inProcess(module: string, name: string, args: unknown[]): Promise<unknown> {
  return import(module).then((m: Record<string, (...a: unknown[]) => unknown>) => (name === '' ? null : m[name](...args)));
}

/** The thread is gone: the calls it had run in-process. */
function fail(): void {
  broken = true;
  worker = null;
  const calls = [...pending.values()];
  pending.clear();
  for (const c of calls) inProcess(c.module, c.name, c.args).then(c.resolve, c.reject);
}

function start(): Worker | null {
  if (worker || broken) return worker;
  try {
    if (import.meta.url.endsWith('.ts')) {
      // TypeScript sources (tests, run from the repository): the thread registers tsx (a development dependency,
      // found from the working folder) first, then loads the .ts side
      const main = new URL('./helper-thread-worker.ts', import.meta.url).href;
      worker = new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(main)}); })`, { eval: true });
    } else {
      worker = new Worker(new URL('./helper-thread-worker.js', import.meta.url));
    }
  } catch {
    broken = true;
    return null;
  }
  worker.unref();
  worker.on('message', (reply: Reply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker?.unref();
    if (reply.ok) call.resolve(reply.result);
    else call.reject(rebuildError(reply.error));
  });
  worker.on('error', fail);
  worker.on('exit', () => {
    if (worker) fail();
  });
  return worker;
}

/**
 * Runs `module`'s exported function `name` on the helper thread with `args` (copied by the structured clone, as
 * is the result) and resolves with its result; rejects with its error (an Error with the thrown error's name,
 * message, stack and own fields). `module` is a file URL, e.g. `new URL('../charts/render.js', import.meta.url).href`. The
 * calls run in the order made; a call made while the thread is busy waits for it. An empty `name` only loads the module
 * (resolves with null).
 */
export function onHelperThread<T>(module: string, name: string, args: unknown[] = []): Promise<T> {
  const w = start();
  if (!w) return inProcess(module, name, args) as Promise<T>;
  return new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, module, name, args });
    if (pending.size === 1) w.ref();
    try {
      w.postMessage({ id, module, name, args });
    } catch (err) {
      // arguments the structured clone cannot copy: a caller's mistake, not the thread's
      pending.delete(id);
      if (pending.size === 0) w.unref();
      reject(err);
    }
  });
}

/**
 * Starts the helper thread and loads a module there (e.g. the chart renderer, whose first load takes a while),
 * without waiting: the next call to it finds it ready. `name`, when given, is a function of the module called
 * without arguments (e.g. one that loads the module's own lazy parts). Never rejects.
 */
export function warmHelperThread(module: string, name?: string): void {
  const done = () => {};
  onHelperThread(module, name ?? '').then(done, done);
}

/** The helper thread's id (0 when calls run in-process), for tests. */
export function helperThreadId(): number {
  return start()?.threadId ?? 0;
}
