// The index read ahead by the launcher: named by the last start from a folder, taken once by the
// load that asks for that file, and what the load then starts from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rememberIndexForPrefetch, startIndexPrefetch, takePrefetchedIndex } from '../../server/src/indexPrefetch';
import { loadCorpus } from '../../server/src/corpus/corpus';
import { nodeFileHost } from '../../server/src/corpus/fileHost';

test('the index the last start from a folder used is read ahead, and taken once by a load asking for that file', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-prefetch-'));
  const index = path.join(root, 'a.gwidx');
  const other = path.join(root, 'b.gwidx');
  fs.writeFileSync(index, 'index bytes');
  fs.writeFileSync(other, 'other bytes');
  // Nothing remembered for this folder yet: nothing is read ahead.
  startIndexPrefetch(root, '/work/one');
  assert.equal(takePrefetchedIndex(index), undefined);

  rememberIndexForPrefetch(index, root, '/work/one');
  rememberIndexForPrefetch(other, root, '/work/two');
  startIndexPrefetch(root, '/work/one');
  assert.equal(takePrefetchedIndex(other), undefined, 'another file than the one read ahead');
  assert.equal(takePrefetchedIndex(index), undefined, 'the bytes read ahead were let go at the first ask');

  startIndexPrefetch(root, '/work/one');
  assert.equal((await takePrefetchedIndex(index))!.toString(), 'index bytes');
  assert.equal(takePrefetchedIndex(index), undefined, 'taken once');
  startIndexPrefetch(root, '/work/two');
  assert.equal((await takePrefetchedIndex(other))!.toString(), 'other bytes');
  // A remembered file that is gone reads as none: the load reads (or builds) its own.
  fs.rmSync(index);
  startIndexPrefetch(root, '/work/one');
  assert.equal(await takePrefetchedIndex(index), undefined);
  fs.rmSync(root, { recursive: true, force: true });
});

test('a load starts from the cache bytes it is given for its cache file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-prefetch-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The garrison at Kant grew to 400 soldiers in 2019.\n');
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify([{ id: 'a', title: 'A', file: 'a.txt' }]));
  const cacheFile = path.join(dir, 'cache', 'index.gwidx');
  await loadCorpus([bib], nodeFileHost, { cacheFile });
  const good = fs.readFileSync(cacheFile);
  let logs: string[] = [];
  await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m), cacheBytes: (file) => (file === cacheFile ? Promise.resolve(good) : undefined) });
  assert.ok(logs.some((l) => /1 sources reused, 0 to index/.test(l)), logs.join('\n'));
  // Bytes given for the file are used instead of the file (these are not an index).
  logs = [];
  const corpus = await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m), cacheBytes: () => Promise.resolve(Buffer.from('not an index')) });
  assert.ok(logs.some((l) => /unusable .*discarding it/.test(l)), logs.join('\n'));
  assert.equal(corpus.rankSources('garrison Kant soldiers')[0].key, 'a');
  fs.rmSync(dir, { recursive: true, force: true });
});
