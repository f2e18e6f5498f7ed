// Worker thread entry (dist/referenceWorker.js): formats references with citeproc (2–10 ms
// each) off the LSP thread, so the sources an open brief cites are formatted before their first
// hover without holding up any request.
import { parentPort } from 'node:worker_threads';
import { formatCslReference } from './cslFormat';
import type { ReferenceJob, ReferenceResult } from './referencePrefetch';

parentPort?.on('message', (job: ReferenceJob) => {
  let result: ReferenceResult;
  try {
    result = { id: job.id, text: formatCslReference(job.item, job.style) };
  } catch {
    // The LSP thread formats it on first use, with its own fallback.
    result = { id: job.id };
  }
  parentPort!.postMessage(result);
});
