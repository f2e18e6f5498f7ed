// Worker thread entry (dist/indexWorker.js): reads, splits and tokenizes a batch of sources off
// the LSP thread and returns their passages and a compact index shard to merge.
import { parentPort } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { splitPassages } from './passages';
import { decodeText, extractSource, sourceFormat } from './extract';
import { locatePassages } from './positions';
import type { Extracted } from './extract';
import { PassageIndex } from './searchIndex';
import { tokenize } from './text';
import { contentHash } from './contentHash';
import type { IndexBatch, IndexBatchResult, IndexedSourceResult } from './indexBatch';

// Synchronous I/O on purpose: this thread does nothing else, and the thread pool round trips of
// async calls cost more than the reads themselves on many small files. Only PDF extraction
// (pdf.js) is awaited.
async function indexBatch(batch: IndexBatch): Promise<IndexBatchResult> {
  const index = new PassageIndex();
  const results: IndexedSourceResult[] = [];
  let nextId = 0;
  for (const job of batch.sources) {
    const result: IndexedSourceResult = { key: job.key, spans: new Int32Array(0), problems: [] };
    for (const file of job.files) {
      let stat;
      try {
        stat = statSync(file);
      } catch {
        result.problems.push({ kind: 'missing', file });
        continue;
      }
      if (stat.size > batch.maxBytes) {
        result.problems.push({ kind: 'too-large', file, size: stat.size });
        continue;
      }
      let extracted: Extracted;
      let hash: string;
      let fileBytes: number;
      const format = sourceFormat(file);
      try {
        const buf = readFileSync(file);
        hash = contentHash(buf);
        fileBytes = buf.length;
        extracted = format === 'text' ? { text: decodeText(buf) } : await extractSource(file, buf, { maxPages: batch.maxPdfPages, timeoutMs: batch.pdfTimeoutMs });
      } catch (e) {
        result.problems.push({ kind: 'unreadable', file, message: (e as Error).message });
        continue;
      }
      const text = extracted.text;
      const spans = splitPassages(text);
      const packed = new Int32Array(spans.length * 3);
      spans.forEach((span, i) => {
        packed[i * 3] = span.start;
        packed[i * 3 + 1] = span.end;
        packed[i * 3 + 2] = span.page ?? 0;
        index.add(nextId++, job.key, tokenize(text.slice(span.start, span.end)));
      });
      Object.assign(result, { textPath: file, size: stat.size, mtimeMs: stat.mtimeMs, hash, spans: packed, problems: [] }, format === 'pdf' ? { text } : {});
      if (format === 'text') result.locators = locatePassages(text, packed, fileBytes);
      if (extracted.truncated) result.problems.push({ kind: 'partial', file, ...extracted.truncated });
      break;
    }
    results.push(result);
  }
  return { id: batch.id, results, shard: index.exportShard().shard };
}

parentPort?.on('message', async (batch: IndexBatch) => {
  let result: IndexBatchResult;
  try {
    result = await indexBatch(batch);
  } catch (e) {
    parentPort!.postMessage({ id: batch.id, error: String((e as Error).stack ?? e) });
    return;
  }
  parentPort!.postMessage(result, [result.shard.offsets.buffer, result.shard.postings.buffer, result.shard.lengths.buffer] as ArrayBuffer[]);
});
