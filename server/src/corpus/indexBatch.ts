// Messages between the corpus loader and its index workers, and the worker pool itself.
import { Worker } from 'node:worker_threads';
import type { IndexShard } from './searchIndex';

export interface IndexJob {
  key: string;
  /** Absolute paths of the entry's text files; the first readable one is indexed. */
  files: string[];
}

export interface IndexBatch {
  id: number;
  sources: IndexJob[];
  maxBytes: number;
  /** PDF page limit and time limit (extract.ts defaults when absent). */
  maxPdfPages?: number;
  pdfTimeoutMs?: number;
}

export type SourceFileProblem =
  | { kind: 'missing'; file: string }
  | { kind: 'too-large'; file: string; size: number }
  | { kind: 'unreadable'; file: string; message: string }
  /** Indexed, but only the first `limit` of the PDF's `pages`. */
  | { kind: 'partial'; file: string; pages: number; limit: number };

export interface IndexedSourceResult {
  key: string;
  textPath?: string;
  size?: number;
  mtimeMs?: number;
  /** contentHash of the file's bytes. */
  hash?: string;
  /** (start, end, page or 0) triples, one per passage, in order. */
  spans: Int32Array;
  /** The extracted text, for formats that cannot be read again synchronously (PDF). */
  text?: string;
  /** Where each passage starts in its file (locatePassages), for text files. */
  locators?: Int32Array;
  problems: SourceFileProblem[];
}

export interface IndexBatchResult {
  id: number;
  results: IndexedSourceResult[];
  shard: IndexShard;
  error?: string;
}

/** Runs batches on `size` worker threads; results arrive in completion order. */
export class IndexWorkerPool {
  private readonly workers: Worker[] = [];

  constructor(private readonly script: string, private readonly size: number) {}

  async run(batches: IndexBatch[], onResult: (r: IndexBatchResult) => void, isCancelled: () => boolean): Promise<void> {
    const queue = [...batches];
    const runOne = (worker: Worker): Promise<void> =>
      new Promise((resolve, reject) => {
        const next = () => {
          const batch = queue.shift();
          if (!batch || isCancelled()) {
            worker.off('message', onMessage);
            resolve();
            return;
          }
          worker.postMessage(batch);
        };
        const onMessage = (r: IndexBatchResult) => {
          if (r.error) {
            worker.off('message', onMessage);
            reject(new Error(r.error));
            return;
          }
          onResult(r);
          next();
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        next();
      });
    for (let i = 0; i < Math.min(this.size, batches.length); i++) this.workers.push(new Worker(this.script));
    try {
      await Promise.all(this.workers.map(runOne));
    } finally {
      await Promise.all(this.workers.map((w) => w.terminate()));
      this.workers.length = 0;
    }
  }
}
