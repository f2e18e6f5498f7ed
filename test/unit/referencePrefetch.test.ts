// References an open brief cites are formatted ahead on a worker thread: afterwards a hover's
// formatReference answers from memory with the very text the LSP thread would have formatted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSource } from '../../server/src/corpus/corpus';
import { formatCslReference, formatReference, isReferenceFormatted, referenceItemOf } from '../../server/src/corpus/cslFormat';
import { ReferencePrefetcher } from '../../server/src/corpus/referencePrefetch';

// The test bundles have the worker beside them, as dist/ has it beside the server (esbuild.mjs).
const WORKER = path.join(__dirname, 'referenceWorker.js');

const until = async (done: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('the references of cited sources are formatted on a worker, in each style, as the LSP thread formats them', async () => {
  const bib = '/virtual/bibliography.json';
  const sources = [
    makeSource({ id: 'najibullah2008', type: 'article-newspaper', title: 'Russia: Moscow seeks a stronger hand in Central Asia', author: [{ family: 'Najibullah', given: 'Farangis' }], issued: { 'date-parts': [[2008]] }, 'container-title': 'RFE/RL' }, bib),
    makeSource({ id: 'zagdsuren2025', type: 'thesis', title: 'Russian military bases in Central Asia <b>after</b> 1991', author: [{ family: 'Zagdsuren', given: 'Bolor' }], issued: { 'date-parts': [[2025, 3]] } }, bib),
  ];
  const logs: string[] = [];
  const prefetcher = new ReferencePrefetcher(WORKER, (m) => logs.push(m));
  try {
    assert.equal(prefetcher.available, true);
    assert.equal(prefetcher.prefetch([...sources, undefined], 'apa'), 2);
    assert.equal(prefetcher.prefetch(sources, 'apa'), 0, 'a reference on its way is not sent twice');
    await until(() => prefetcher.inFlight === 0, 'the worker');
    assert.ok(sources.every((s) => isReferenceFormatted(s, 'apa')));
    assert.ok(!isReferenceFormatted(sources[0], 'chicago-author-date'), 'only the style asked for');
    for (const s of sources) assert.equal(formatReference(s, 'apa'), formatCslReference(referenceItemOf(s), 'apa'));
    assert.match(formatReference(sources[0], 'apa'), /Najibullah, F\. \(2008\)/);
    assert.equal(prefetcher.prefetch(sources, 'apa'), 0, 'what is formatted is not sent again');
    // After the worker is let go, the next prefetch starts another.
    prefetcher.dispose();
    assert.equal(prefetcher.prefetch(sources, 'chicago-author-date'), 2);
    await until(() => prefetcher.inFlight === 0, 'the second worker');
    assert.ok(sources.every((s) => isReferenceFormatted(s, 'chicago-author-date')));
    assert.deepEqual(logs, []);
  } finally {
    prefetcher.dispose();
  }
});

test('without a usable worker nothing is formatted ahead, and the failure is logged once in plain words', async () => {
  const source = makeSource({ id: 'a2020', title: 'A title', issued: { 'date-parts': [[2020]] } }, '/virtual/bibliography.json');
  const absent = new ReferencePrefetcher(undefined);
  assert.equal(absent.available, false);
  assert.equal(absent.prefetch([source], 'apa'), 0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-refworker-'));
  const broken = path.join(dir, 'referenceWorker.js');
  fs.writeFileSync(broken, 'throw new Error("this worker cannot start");\n');
  const logs: string[] = [];
  const failing = new ReferencePrefetcher(broken, (m) => logs.push(m));
  try {
    assert.equal(failing.prefetch([source], 'apa'), 1);
    await until(() => !failing.available, 'the failure');
    assert.equal(failing.inFlight, 0);
    assert.equal(failing.prefetch([source], 'apa'), 0, 'a failed worker is not started again');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /Formatting references ahead stopped: this worker cannot start\. They are formatted on first hover instead\./);
    assert.ok(!isReferenceFormatted(source, 'apa'));
    assert.match(formatReference(source, 'apa'), /A title/, 'the LSP thread still formats it on first use');
  } finally {
    failing.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
