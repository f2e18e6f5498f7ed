// Formats ahead, on a worker thread, the references a hover will show: the LSP thread only
// stores the texts (formatReference then answers from memory). Without the worker script, or
// if the worker fails, nothing is formatted ahead and formatReference formats on first use.
import { Worker } from 'node:worker_threads';
import { isReferenceFormatted, referenceItemOf, rememberReference } from './cslFormat';
import type { CslItem, Source } from './types';

export interface ReferenceJob {
  id: number;
  item: CslItem;
  style: string;
}

export interface ReferenceResult {
  id: number;
  /** Absent when citation-js could not format the item. */
  text?: string;
}

/** The worker is let go after this long without work (it holds citation-js, tens of MB). */
const IDLE_MS = 30_000;

export class ReferencePrefetcher {
  private worker?: Worker;
  private failed = false;
  private nextId = 0;
  private readonly pending = new Map<number, { source: Source; style: string }>();
  /** Sent and not yet back, per source: its styles. */
  private readonly queued = new Map<Source, Set<string>>();
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly script: string | undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Whether references can be formatted ahead (the worker script exists and has not failed). */
  get available(): boolean {
    return Boolean(this.script) && !this.failed;
  }

  /** Number of references sent to the worker and not yet back. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Queues the references of `sources` not yet formatted in `style`; returns how many were queued. */
  prefetch(sources: Iterable<Source | undefined>, style: string): number {
    if (!this.available) return 0;
    let queued = 0;
    for (const source of sources) {
      if (!source || isReferenceFormatted(source, style)) continue;
      if (this.queued.get(source)?.has(style)) continue;
      const worker = this.ensureWorker();
      if (!worker) return queued;
      clearTimeout(this.idleTimer);
      const id = this.nextId++;
      this.pending.set(id, { source, style });
      if (!this.queued.has(source)) this.queued.set(source, new Set());
      this.queued.get(source)!.add(style);
      worker.postMessage({ id, item: referenceItemOf(source), style } satisfies ReferenceJob);
      queued++;
    }
    return queued;
  }

  /** Stops the worker; a later prefetch starts another. */
  dispose(): void {
    this.stop();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script!);
      worker.unref();
      worker.on('message', (result: ReferenceResult) => this.received(result));
      worker.on('error', (e) => this.stop(`Formatting references ahead stopped: ${e.message}. They are formatted on first hover instead.`));
      worker.on('exit', () => {
        if (this.worker === worker) this.stop();
      });
      this.worker = worker;
      return worker;
    } catch (e) {
      this.stop(`Formatting references ahead is unavailable: ${(e as Error).message}. They are formatted on first hover instead.`);
      return undefined;
    }
  }

  private received(result: ReferenceResult): void {
    const job = this.pending.get(result.id);
    if (!job) return;
    this.pending.delete(result.id);
    const styles = this.queued.get(job.source);
    styles?.delete(job.style);
    if (styles?.size === 0) this.queued.delete(job.source);
    if (result.text !== undefined) rememberReference(job.source, job.style, result.text);
    if (this.pending.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.stop(), IDLE_MS);
      this.idleTimer.unref?.();
    }
  }

  /** Forgets the worker and what it had not answered; `message` is logged when it failed. */
  private stop(message?: string): void {
    clearTimeout(this.idleTimer);
    if (message) {
      this.failed = true;
      this.log(message);
    }
    const worker = this.worker;
    this.worker = undefined;
    this.pending.clear();
    this.queued.clear();
    void worker?.terminate();
  }
}
