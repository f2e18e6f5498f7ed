// Worker thread entry (dist/referenceWorker.js): formats references with citeproc (2–10 ms
// each) off the LSP thread, so the sources an open brief cites are formatted before their first
// hover without holding up any request.
import { parentPort } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { formatCslReference } from './cslFormat';
import type { ReferenceJob, ReferenceResult } from './referencePrefetch';

// This thread only works ahead: it takes the CPU the LSP thread leaves (measured at 10,000
// sources: a brief's first check took ~15 % longer with it at normal priority). On Linux a
// thread has its own id and priority (/proc/thread-self names it); elsewhere it keeps the
// process's.
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(threadId) && threadId > 0 && threadId !== process.pid) setPriority(threadId, 19);
} catch {
  // no /proc (macOS, Windows), or not allowed: normal priority
}

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
