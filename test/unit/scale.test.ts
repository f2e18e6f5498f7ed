// The scale path must give exactly the answers of a plain cold build: worker-thread indexing,
// a warm start from the persisted cache, incremental updates, and a broken cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus, updateCorpus, resolveUnder, Corpus } from '../../server/src/corpus/corpus';
import { nodeFileHost } from '../../server/src/corpus/fileHost';
import { CACHE_FORMAT } from '../../server/src/corpus/cache';
import { parseBrief } from '../../server/src/brief/parse';
import { checkBrief } from '../../server/src/check/checkBrief';
import { FindingsStores, MAX_PERSISTED_CLAIMS, PersistedFindings } from '../../server/src/check/persistedFindings';
import { LineMap } from '../../server/src/corpus/positions';
import { passagePosition } from '../../server/src/features/markdown';

const REPO = path.resolve(__dirname, '../../..');
const WORKER = path.join(REPO, 'dist/indexWorker.js');

/** A corpus folder of `n` sources built from the sample corpus's paragraphs (deterministic). */
function makeCorpus(n: number): { dir: string; bib: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-scale-'));
  const paragraphs = fs
    .readdirSync(path.join(REPO, 'corpus'))
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => fs.readFileSync(path.join(REPO, 'corpus', f), 'utf8').split('\n').filter((l) => l.length > 120));
  const entries = [];
  for (let i = 0; i < n; i++) {
    const text = Array.from({ length: 6 }, (_, j) => paragraphs[(i * 7 + j * 13) % paragraphs.length].replace(/\d+/g, (d) => String((Number(d) + i) % 9000))).join('\n\n');
    fs.writeFileSync(path.join(dir, `s${i}.txt`), text + '\n');
    entries.push({ id: `s${i}`, title: `Source ${i}`, issued: { 'date-parts': [[2000 + (i % 20)]] }, file: `s${i}.txt` });
  }
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  return { dir, bib };
}

/** Everything a user could observe of a corpus: passages, rankings, best passages. */
function snapshot(corpus: Corpus) {
  const queries = ['Russia military base Kant aircraft', 'China border Tajikistan', 'the heads of state emphasized the importance of cooperation', 'NATO partnership Kazakhstan'];
  return {
    sources: [...corpus.sources.keys()].sort(),
    passages: [...corpus.passagesBySource.entries()].sort().map(([k, ps]) => [k, ps.map((p) => [p.start, p.end, p.text])]),
    rankings: queries.map((q) => corpus.rankSources(q).slice(0, 10).map((r) => [r.key, r.score.toFixed(6)])),
    best: queries.map((q) => corpus.search(q, 5, ['s1', 's2', 's3']).map((h) => [h.passage.sourceKey, h.passage.start, h.score.toFixed(6)])),
  };
}

const BRIEF = parseBrief('The air base in Kant hosts some 400 personnel [@s3]. China shares a border with Tajikistan [@s5; @s8].\n');
const findings = (c: Corpus) => checkBrief(BRIEF, c).map((f) => [f.code, f.start, f.end, f.message]);

test('workers, warm start from the cache and a cold in-thread build give identical results', async () => {
  const { dir, bib } = makeCorpus(60);
  const cacheFile = path.join(dir, 'cache', 'index.gwidx');
  const cold = await loadCorpus([bib], nodeFileHost);
  const viaWorkers = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, workers: 2, cacheFile });
  assert.ok(fs.existsSync(cacheFile), 'the cache is written');
  const logs: string[] = [];
  const warm = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, cacheFile, log: (m) => logs.push(m) });
  assert.ok(logs.some((l) => /60 sources reused, 0 to index/.test(l)), logs.join('\n'));
  assert.deepEqual(snapshot(viaWorkers), snapshot(cold));
  assert.deepEqual(snapshot(warm), snapshot(cold));
  assert.deepEqual(findings(warm), findings(cold));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a changed, added or removed source re-indexes only that source and matches a cold build', async () => {
  const { dir, bib } = makeCorpus(30);
  const cacheFile = path.join(dir, 'index.gwidx');
  let corpus = await loadCorpus([bib], nodeFileHost, { cacheFile });
  const untouched = corpus.passagesBySource.get('s1')![0];
  // Change one text.
  fs.writeFileSync(path.join(dir, 's4.txt'), 'The garrison at Osh grew to 999 soldiers in 2019, officials said on Monday.\n');
  corpus = (await updateCorpus(corpus, path.join(dir, 's4.txt'), nodeFileHost))!;
  assert.ok(corpus, 'the file belongs to the corpus');
  assert.equal(corpus.passagesBySource.get('s1')![0], untouched, 'other sources keep their passages');
  assert.equal(corpus.rankSources('garrison Osh 999 soldiers')[0].key, 's4');
  // Remove one entry and add one in the bibliography.
  const entries = JSON.parse(fs.readFileSync(bib, 'utf8')).filter((e: { id: string }) => e.id !== 's7');
  fs.writeFileSync(path.join(dir, 'new.txt'), 'A brand new source about Dushanbe water management and rivers.\n');
  entries.push({ id: 'added1', title: 'Added', file: 'new.txt' });
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  corpus = (await updateCorpus(corpus, bib, nodeFileHost))!;
  assert.ok(!corpus.has('s7') && corpus.has('added1'));
  assert.ok(!corpus.rankSources('anything at all about Russia').some((r) => r.key === 's7'), 'a removed source is never ranked');
  const cold = await loadCorpus([bib], nodeFileHost);
  assert.deepEqual(snapshot(corpus).sources, snapshot(cold).sources);
  assert.deepEqual(snapshot(corpus).passages, snapshot(cold).passages);
  assert.deepEqual(snapshot(corpus).rankings.map((r) => r.map(([k]) => k)), snapshot(cold).rankings.map((r) => r.map(([k]) => k)));
  // A warm start after the changes re-indexes only what changed since the cache was written.
  const logs: string[] = [];
  const warm = await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m) });
  assert.ok(logs.some((l) => /28 sources reused, 2 to index/.test(l)), logs.join('\n'));
  assert.deepEqual(snapshot(warm), snapshot(cold));
  assert.equal(await updateCorpus(corpus, path.join(dir, 'unrelated.txt'), nodeFileHost), undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a corpus started from the cache takes updates as a cold one does (the passage columns it adopted from the cache grow)', async () => {
  const { dir, bib } = makeCorpus(20);
  const cacheFile = path.join(dir, 'index.gwidx');
  await loadCorpus([bib], nodeFileHost, { cacheFile });
  const logs: string[] = [];
  let warm = await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m) });
  assert.ok(logs.some((l) => /20 sources reused, 0 to index/.test(l)), logs.join('\n'));
  // Add a source, then change one: each appends passages after the adopted ones.
  fs.writeFileSync(path.join(dir, 'new.txt'), 'A brand new source about Dushanbe water management and rivers.\n\nIts second paragraph is about the Nurek dam.\n');
  const entries = JSON.parse(fs.readFileSync(bib, 'utf8'));
  entries.push({ id: 'added1', title: 'Added', file: 'new.txt' });
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  warm = (await updateCorpus(warm, bib, nodeFileHost))!;
  fs.writeFileSync(path.join(dir, 's4.txt'), 'The garrison at Osh grew to 999 soldiers in 2019, officials said on Monday.\n');
  warm = (await updateCorpus(warm, path.join(dir, 's4.txt'), nodeFileHost))!;
  assert.equal(warm.rankSources('Nurek dam Dushanbe rivers')[0].key, 'added1');
  assert.equal(warm.rankSources('garrison Osh 999 soldiers')[0].key, 's4');
  const cold = await loadCorpus([bib], nodeFileHost);
  assert.deepEqual(snapshot(warm), snapshot(cold));
  assert.deepEqual(findings(warm), findings(cold));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a bibliography edit re-reads only the entries whose text changed, and matches a cold build', async () => {
  const { dir, bib } = makeCorpus(40);
  const looked: string[] = [];
  const host = Object.create(nodeFileHost) as typeof nodeFileHost;
  host.linkStatSync = (file: string) => {
    looked.push(path.basename(file));
    return nodeFileHost.linkStatSync!(file);
  };
  let corpus = await loadCorpus([bib], host);
  const unchanged = corpus.get('s20')!;
  // One entry retitled, one added above the others, one with a file outside the folder, one removed.
  const entries = JSON.parse(fs.readFileSync(bib, 'utf8')).filter((e: { id: string }) => e.id !== 's7');
  entries.find((e: { id: string }) => e.id === 's3').title = 'A new title for source 3';
  fs.writeFileSync(path.join(dir, 'new.txt'), 'A brand new source about Dushanbe water management and rivers.\n');
  entries.unshift({ id: 'added1', title: 'Added', file: 'new.txt' }, { id: 'outside1', title: 'Outside', file: '../elsewhere.txt' });
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  looked.length = 0;
  corpus = (await updateCorpus(corpus, bib, host))!;
  assert.deepEqual(looked.sort(), ['new.txt', 's3.txt'], 'only the files of the changed and new entries are looked at');
  assert.equal(corpus.get('s3')!.title, 'A new title for source 3');
  assert.ok(corpus.has('added1') && !corpus.has('s7'));
  assert.equal(corpus.get('s20'), unchanged, 'an unchanged entry keeps its source');
  const view = (c: Corpus) => ({
    sources: [...c.sources.values()].map((s) => [s.key, s.title, s.entryRange.start.line, s.entryRange.end.line, s.files.map((f) => path.basename(f))]).sort(),
    problems: c.problems.map((p) => [path.basename(p.file), p.range.start.line, p.message]).sort(),
  });
  const cold = await loadCorpus([bib], nodeFileHost);
  assert.deepEqual(view(corpus), view(cold));
  assert.ok(view(corpus).problems.some(([, , m]) => /outside the bibliography's folder/.test(String(m))));
  // Another edit elsewhere: the entry whose file is outside is still reported.
  entries.find((e: { id: string }) => e.id === 's5').title = 'Retitled 5';
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  corpus = (await updateCorpus(corpus, bib, host))!;
  assert.deepEqual(view(corpus), view(await loadCorpus([bib], nodeFileHost)));
  // Overwritten with binary bytes (an update reads the file in one go): refused as a load refuses it.
  fs.writeFileSync(bib, Buffer.from([0x5b, 0x00, 0x01, 0x5d]));
  corpus = (await updateCorpus(corpus, bib, host))!;
  assert.ok(view(corpus).problems.some(([, , m]) => /The bibliography could not be read: it is a binary file, not text/.test(String(m))), JSON.stringify(view(corpus).problems));
  assert.deepEqual(view(corpus), view(await loadCorpus([bib], nodeFileHost)));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the cache is keyed by content: a touched file is reused, one rewritten with other bytes of the same size is indexed again', async () => {
  const { dir, bib } = makeCorpus(12);
  const cacheFile = path.join(dir, 'index.gwidx');
  // Built on workers (the hashes of the first start); later starts index one source in-thread.
  await loadCorpus([bib], nodeFileHost, { cacheFile, workerScript: WORKER, workers: 2 });
  const load = async () => {
    const logs: string[] = [];
    const corpus = await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m) });
    return { corpus, log: logs.find((l) => l.startsWith('Index cache:')) ?? logs.join('\n') };
  };
  const later = (file: string, seconds: number) => {
    const t = new Date(fs.statSync(file).mtimeMs + seconds * 1000);
    fs.utimesSync(file, t, t);
  };
  // Same bytes, new modification time (a checkout, `touch`): reused, and the new time is recorded.
  later(path.join(dir, 's2.txt'), 60);
  let warm = await load();
  assert.match(warm.log, /^Index cache: 12 sources reused, 0 to index\. 1 reused by content/);
  assert.match((await load()).log, /^Index cache: 12 sources reused, 0 to index\.$/);
  // Other bytes of the same size, new time: indexed again, with the new text's passages.
  const s5 = path.join(dir, 's5.txt');
  const text = fs.readFileSync(s5, 'utf8');
  const rewritten = 'Zebras graze near Khorog. ' + text.slice('Zebras graze near Khorog. '.length);
  assert.equal(Buffer.byteLength(rewritten), Buffer.byteLength(text));
  fs.writeFileSync(s5, rewritten);
  later(s5, 120);
  warm = await load();
  assert.match(warm.log, /^Index cache: 11 sources reused, 1 to index\.$/);
  assert.equal(warm.corpus.rankSources('zebras graze Khorog')[0].key, 's5');
  assert.deepEqual(snapshot(warm.corpus), snapshot(await loadCorpus([bib], nodeFileHost)));
  later(s5, 60);
  assert.match((await load()).log, /^Index cache: 12 sources reused, 0 to index\. 1 reused by content/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a warm start takes the common terms\' score bounds from the cache, and its pruned searches give the exhaustive answers', async () => {
  // 300 sources: the common words are in more than 1,000 passages, whose bounds are worth keeping.
  const { dir, bib } = makeCorpus(300);
  const cacheFile = path.join(dir, 'index.gwidx');
  const cold = await loadCorpus([bib], nodeFileHost);
  assert.equal(cold.index.prepareBounds(0), false, 'a cold build has bounds to compute');
  await loadCorpus([bib], nodeFileHost, { cacheFile });
  const warm = await loadCorpus([bib], nodeFileHost, { cacheFile });
  assert.equal(warm.index.prepareBounds(0), true, 'a warm start has none left to compute');
  const queries = ['Russia military', 'Central Asia Russia security', 'the Russian military base in Tajikistan', 'Kazakhstan China Russia cooperation region', 'CSTO'];
  const top = (c: Corpus, q: string, exhaustive: boolean) => c.index.search(q, 20, undefined, { exhaustive }).map((h) => [h.passage.sourceKey, h.passage.start, h.score.toFixed(9)]);
  for (const q of queries) {
    assert.deepEqual(top(warm, q, false), top(warm, q, true), q);
    assert.deepEqual(top(warm, q, false), top(cold, q, true), q);
  }
  // A changed index no longer trusts them: the next searches compute them again.
  warm.index.removeSource('s7');
  assert.equal(warm.index.prepareBounds(0), false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the best source alone (rankSources with limit 1) is the head of the full ranking', async () => {
  const { dir, bib } = makeCorpus(200);
  const corpus = await loadCorpus([bib], nodeFileHost);
  const sentences = ['Russia keeps aircraft at the Kant air base', 'The CSTO holds joint exercises in Tajikistan every year', 'China builds roads and a border post', 'Moscow and Bishkek signed an agreement on the base', 'zebras graze'];
  for (const q of sentences) {
    // (The short way first: it leaves no memo for the full ranking to reuse.)
    const alone = corpus.rankSources(q, 1);
    const full = corpus.rankSources(q);
    assert.deepEqual(alone.map((r) => [r.key, r.score]), full.slice(0, 1).map((r) => [r.key, r.score]), q);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a truncated, corrupt or foreign cache is discarded with a log line and rebuilt', async () => {
  const { dir, bib } = makeCorpus(12);
  const cacheFile = path.join(dir, 'index.gwidx');
  const cold = await loadCorpus([bib], nodeFileHost, { cacheFile });
  const good = fs.readFileSync(cacheFile);
  // (The file ends with each posting list's count: the last one made larger than its list.)
  const countTooLarge = Buffer.concat([good.subarray(0, good.length - 4), Buffer.from(Int32Array.of(1 << 30).buffer)]);
  for (const broken of [good.subarray(0, Math.floor(good.length / 2)), Buffer.from('not an index at all'), Buffer.concat([good, Buffer.from('xx')]), Buffer.from(good.toString('latin1').replace(`"format":${CACHE_FORMAT}`, '"format":999'), 'latin1'), countTooLarge]) {
    fs.writeFileSync(cacheFile, broken);
    const logs: string[] = [];
    const corpus = await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m) });
    assert.ok(logs.some((l) => /unusable .*discarding it/.test(l)), logs.join('\n'));
    assert.deepEqual(snapshot(corpus), snapshot(cold));
    assert.ok(fs.readFileSync(cacheFile).equals(good) || fs.statSync(cacheFile).size > 0, 'the cache is rewritten');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a passage is read alone from its text file (any UTF-8, byte-order mark, CR LF); a file that does not decode cleanly is read whole', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-ranges-'));
  const paragraphs = [
    'Russia keeps the 201st military base near Dushanbe, its largest abroad.',
    'The Kant air base in Kyrgyzstan hosts Russian aircraft and some 400 personnel.',
    'Moscow and Astana signed a new defence cooperation agreement in 2019.',
  ];
  const text = (sep = '\n\n') => paragraphs.join(sep) + '\n';
  const files: Record<string, string | Buffer> = {
    'plain.txt': text(),
    'accents.txt': text().replace('Dushanbe', 'Dušanbe').replace('Moscow', 'Москва'),
    'bom.txt': '\uFEFF' + text().replace('Astana', 'Astana – Nur-Sultan'),
    'crlf.md': text('\r\n\r\n').replace('Kant', 'Kant ✈'),
    'astral.txt': text().replace('Russia ', 'Russia 🇷🇺 ').replace('Kyrgyzstan', '𝐊𝐲𝐫𝐠𝐲𝐳𝐬𝐭𝐚𝐧'),
    'cjk.txt': '俄罗斯在中亚的军事存在。\n\n' + text(),
    'lines.txt': 'Report\n\n\n\n\n' + paragraphs.join('\n\n\n\n') + '\n',
    'invalid.txt': Buffer.concat([Buffer.from(paragraphs[0] + '\n\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(' ' + paragraphs[1] + '\n')]),
  };
  const entries = Object.keys(files).map((f) => ({ id: f.replace(/\W/g, ''), title: f, file: f }));
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), content);
  const bib = path.join(dir, 'bibliography.json');
  fs.writeFileSync(bib, JSON.stringify(entries));
  const cold = await loadCorpus([bib], nodeFileHost);
  const expected = (c: Corpus) =>
    [...c.passagesBySource.entries()].sort().map(([k, ps]) => [k, ps.map((p) => [p.text, new LineMap(cold.get(k)!.text!).positionAt(p.start)])]);
  // Built on workers (eight sources), and in this thread (the index of a source edited later).
  for (const workerScript of [WORKER, undefined]) {
    const cacheFile = path.join(dir, `index-${workerScript ? 'workers' : 'thread'}.gwidx`);
    await loadCorpus([bib], nodeFileHost, { cacheFile, workerScript });
    const reads = { whole: [] as string[], ranges: [] as string[] };
    const counting = {
      ...nodeFileHost,
      readTextSync: (p: string) => (reads.whole.push(path.basename(p)), nodeFileHost.readTextSync!(p)),
      readRangeSync: (p: string, a: number, b: number) => (reads.ranges.push(path.basename(p)), nodeFileHost.readRangeSync!(p, a, b)),
    };
    const warm = await loadCorpus([bib], counting, { cacheFile });
    const seen = [...warm.passagesBySource.entries()].sort().map(([k, ps]) => [k, ps.map((p) => [p.text, passagePosition(warm.get(k)!, p)])]);
    assert.deepEqual(seen, expected(cold), 'the same passage texts and positions as read from the whole text');
    assert.deepEqual([...new Set(reads.ranges)].sort(), Object.keys(files).filter((f) => f !== 'invalid.txt').sort(), `ranges read from ${reads.ranges}`);
    assert.deepEqual([...new Set(reads.whole)], ['invalid.txt'], `whole files read: ${reads.whole}`);
    // Once a whole text is in memory it is used.
    void warm.get('plaintxt')!.text;
    const before = reads.ranges.length;
    assert.equal(warm.passagesBySource.get('plaintxt')![0].text, cold.passagesBySource.get('plaintxt')![0].text);
    assert.equal(reads.ranges.length, before);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the content stamp names what a corpus was loaded from: the same files give the same stamp, any change another, an update none', async () => {
  const { dir, bib } = makeCorpus(12);
  const cacheFile = path.join(dir, 'cache', 'index.gwidx');
  const cold = await loadCorpus([bib], nodeFileHost);
  const viaWorkers = await loadCorpus([bib], nodeFileHost, { workerScript: WORKER, workers: 2, cacheFile });
  const warm = await loadCorpus([bib], nodeFileHost, { cacheFile });
  assert.match(cold.contentStamp ?? '', /^[0-9a-f]{40}$/);
  assert.equal(viaWorkers.contentStamp, cold.contentStamp);
  assert.equal(warm.contentStamp, cold.contentStamp, 'a warm start is the same corpus');
  assert.notEqual((await loadCorpus([bib], nodeFileHost, { maxPdfPages: 3 })).contentStamp, cold.contentStamp, 'other limits');
  // Same size, other bytes: only the content tells them apart.
  const s4 = path.join(dir, 's4.txt');
  const text = fs.readFileSync(s4, 'utf8');
  fs.writeFileSync(s4, text.replace(/\d/, (d) => String((Number(d) + 1) % 10)));
  const changedText = await loadCorpus([bib], nodeFileHost, { cacheFile });
  assert.notEqual(changedText.contentStamp, cold.contentStamp, 'a source text changed');
  const entries = JSON.parse(fs.readFileSync(bib, 'utf8'));
  entries[2].issued = { 'date-parts': [[1999]] };
  fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
  const changedEntry = await loadCorpus([bib], nodeFileHost, { cacheFile });
  assert.notEqual(changedEntry.contentStamp, changedText.contentStamp, 'an entry changed');
  fs.writeFileSync(s4, text);
  const updated = await updateCorpus(changedEntry, s4, nodeFileHost);
  assert.equal(updated?.contentStamp, undefined, 'an updated corpus has no stamp until it is loaded again');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a claim findings store: the first check records every claim, a check on another load of the same corpus reuses them with the same findings', async () => {
  const { dir, bib } = makeCorpus(12);
  const store = new Map<string, ReturnType<typeof checkBrief>>();
  const brief = parseBrief('The air base in Kant hosts some 400 personnel [@s3]. China shares a border with Tajikistan [@s5; @s8] [@nobody].\n');
  const first = checkBrief(brief, await loadCorpus([bib], nodeFileHost), { store });
  assert.equal(store.size, brief.claims.length, 'one entry per claim');
  assert.ok(first.some((f) => f.code === 'unknown-source'));
  let asked = 0;
  const counting = { get: (k: string) => (asked++, store.get(k)), set: () => assert.fail('a kept claim is not checked again') };
  const again = checkBrief(brief, await loadCorpus([bib], nodeFileHost), { store: counting });
  assert.equal(asked, brief.claims.length);
  assert.deepEqual(again, first);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('persisted findings keep the claims of each brief\'s latest check, up to their bounds, and are read back only under their own stamp', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-findings-'));
  const file = path.join(dir, 'sub', 'x.findings.json');
  const store = PersistedFindings.open(file, 'stamp-1');
  assert.equal(store.save(), false, 'nothing to write');
  const finding = { code: 'misquote' as const, severity: 'warning' as const, start: 0, end: 4, message: 'm', fixes: [{ title: 't', edits: [{ start: 0, end: 4, newText: 'x' }] }], evidence: [] };
  for (let i = 0; i < MAX_PERSISTED_CLAIMS; i++) store.set(`claim ${i}`, i === 0 ? [finding] : []);
  store.get('claim 0'); // used: outlives claim 1
  store.set('one more', []);
  assert.equal(store.size, MAX_PERSISTED_CLAIMS);
  assert.equal(store.save(), true, 'claims were recorded');
  assert.equal(PersistedFindings.open(file, 'stamp-1').size, 0, 'claims of no brief\'s latest check are not written');
  // Two briefs' latest checks; the one before of the first brief (a sentence since retyped) is not kept.
  store.keep('a.md', ['claim 5', 'claim 0']);
  store.keep('b.md', ['claim 1', 'one more']);
  store.keep('a.md', ['claim 0']);
  assert.ok(store.save());
  const logs: string[] = [];
  const back = PersistedFindings.open(file, 'stamp-1', (m) => logs.push(m));
  assert.deepEqual(back.get('claim 0'), [finding]);
  assert.equal(back.get('claim 5'), undefined, 'only the latest check of a brief is written');
  assert.equal(back.get('claim 1'), undefined, 'a brief whose claims were dropped from memory is not written');
  assert.equal(back.get('one more'), undefined);
  assert.equal(back.size, 1);
  assert.equal(logs.length, 0, logs.join('\n'));
  const other = PersistedFindings.open(file, 'stamp-2', (m) => logs.push(m));
  assert.equal(other.size, 0);
  assert.match(logs.join('\n'), /is for another corpus or checker version/);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['x.findings.json'], 'no temporary file is left');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('findings persisted by one build of the checker are not reused by another', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-build-'));
  const checker = path.join(dir, 'server.js');
  const file = path.join(dir, 'index.findings.json');
  fs.writeFileSync(checker, 'build 1');
  const one = new FindingsStores(checker);
  one.storeFor(file, 'corpus-a').set('claim', []);
  one.storeFor(file, 'corpus-a').keep('brief.md', ['claim']);
  one.saveAll();
  assert.equal(new FindingsStores(checker).storeFor(file, 'corpus-a').size, 1, 'the same build and corpus');
  assert.equal(new FindingsStores(checker).storeFor(file, 'corpus-b').size, 0, 'another corpus');
  fs.writeFileSync(checker, 'build 2');
  const logs: string[] = [];
  assert.equal(new FindingsStores(checker, (m) => logs.push(m)).storeFor(file, 'corpus-a').size, 0, 'another build');
  assert.match(logs.join('\n'), /another corpus or checker version/);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every field of every source (text aside) and every problem, as a user could see them. */
function entriesView(c: Corpus) {
  return {
    sources: [...c.sources.values()]
      .map((s) => ({ key: s.key, csl: s.csl, title: s.title, authors: s.authors, authorFamilies: s.authorFamilies, issued: s.issued, bibliographyPath: s.bibliographyPath, entryRange: s.entryRange, entryText: s.entryText, files: s.files }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    problems: c.problems.map((p) => JSON.stringify(p)).sort(),
  };
}

test('a start whose bibliography has the bytes of the last reading makes its sources from the snapshot: the same entries and problems as a full reading', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-snapshot-'));
  for (const f of ['a.txt', 'b.txt', 'c.txt']) fs.writeFileSync(path.join(dir, f), `The garrison of ${f} grew in 2019.\n`);
  const entries = [
    { id: 'ivanov2019', type: 'report', title: 'Военные базы — Russia’s bases', author: [{ family: 'Иванов', given: 'Сергей' }, { literal: 'Ministry of Defence' }], issued: { 'date-parts': [[2019, 5, 3]] }, file: 'a.txt', event: 'Conference X' },
    { id: 'ed2020', title: 'Edited', editor: [{ family: 'Smith', given: 'Jo' }], issued: { raw: 'circa 2020', circa: true }, file: 'b.txt' },
    { id: 42, title: 'Numeric id', file: 'c.txt;missing.txt' },
    { title: 'No id' },
    { id: 'ivanov2019', title: 'Duplicate' },
    { id: 'outside', title: 'Outside', file: '../x.txt' },
    { id: 'nodate', title: 'No date', file: 'c.txt' },
    { id: 'emptyname', title: 'A name with nothing in it', author: [{}], file: 'sub/../a.txt' },
  ];
  const bib = path.join(dir, 'bibliography.json');
  // A byte-order mark, CR LF line ends and characters of two and three UTF-8 bytes.
  fs.writeFileSync(bib, '\uFEFF' + JSON.stringify(entries, null, 2).replace(/\n/g, '\r\n'));
  const cacheFile = path.join(dir, 'cache', 'index.gwidx');
  const snapshotFile = `${cacheFile}.bib.json`;
  const full = entriesView(await loadCorpus([bib], nodeFileHost));
  assert.equal(full.sources.length, 6);
  await loadCorpus([bib], nodeFileHost, { cacheFile });
  assert.ok(fs.existsSync(snapshotFile), 'the snapshot is written beside the index');
  assert.deepEqual(entriesView(await loadCorpus([bib], nodeFileHost, { cacheFile })), full);

  // It is what the start reads: a title changed in it (and only there) shows.
  fs.writeFileSync(snapshotFile, fs.readFileSync(snapshotFile, 'latin1').replace('No date', 'Snapped'), 'latin1');
  assert.equal((await loadCorpus([bib], nodeFileHost, { cacheFile })).get('nodate')!.title, 'Snapped');
  // Other bytes of the same length: the bibliography is read again, and the snapshot rewritten.
  fs.writeFileSync(bib, fs.readFileSync(bib, 'utf8').replace('"No date"', '"No data"'));
  assert.equal((await loadCorpus([bib], nodeFileHost, { cacheFile })).get('nodate')!.title, 'No data');
  assert.equal((await loadCorpus([bib], nodeFileHost, { cacheFile })).get('nodate')!.title, 'No data');
  const reread = entriesView(await loadCorpus([bib], nodeFileHost));
  assert.deepEqual(entriesView(await loadCorpus([bib], nodeFileHost, { cacheFile })), reread);

  // A broken or foreign snapshot is discarded with a log line; the start reads the bibliography.
  const good = fs.readFileSync(snapshotFile, 'latin1');
  for (const broken of [good.slice(0, good.length >> 1), 'not a snapshot', good.replace(/"format":\d+/, '"format":999'), good.replace(/"ends":\[\d+,/, '"ends":['), good.replace(/"ends":\[\d+,\d+,/, '"ends":[99999999,1,')]) {
    fs.writeFileSync(snapshotFile, broken, 'latin1');
    const logs: string[] = [];
    assert.deepEqual(entriesView(await loadCorpus([bib], nodeFileHost, { cacheFile, log: (m) => logs.push(m) })), reread);
    assert.ok(logs.some((l) => /Bibliography snapshot .* is unusable .*discarding it/.test(l)), logs.join('\n'));
    assert.equal(fs.readFileSync(snapshotFile, 'latin1'), good, 'the snapshot is written again');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('after a start from the snapshot, a bibliography edit and a source edit give what a cold build gives', async () => {
  for (const prepared of [false, true]) {
    const { dir, bib } = makeCorpus(30);
    const cacheFile = path.join(dir, 'index.gwidx');
    await loadCorpus([bib], nodeFileHost, { cacheFile });
    let warm = await loadCorpus([bib], nodeFileHost, { cacheFile });
    // (What the server does once it is idle: the edit then re-reads only the entries it changed.)
    if (prepared) warm.prepareBibliographyEdits();
    const entries = JSON.parse(fs.readFileSync(bib, 'utf8'));
    entries.find((e: { id: string }) => e.id === 's3').title = 'A new title for source 3';
    entries.push({ id: 'added1', title: 'Added', author: [{ family: 'Новиков' }], file: 's1.txt' });
    fs.writeFileSync(bib, JSON.stringify(entries, null, 1));
    const kept = warm.get('s20');
    warm = (await updateCorpus(warm, bib, nodeFileHost))!;
    assert.equal(warm.get('s20'), kept, 'an unchanged entry keeps its source');
    fs.writeFileSync(path.join(dir, 's4.txt'), 'The garrison at Osh grew to 999 soldiers in 2019, officials said on Monday.\n');
    warm = (await updateCorpus(warm, path.join(dir, 's4.txt'), nodeFileHost))!;
    // A second edit, of entries the first one moved, and one removed.
    entries.find((e: { id: string }) => e.id === 's25').title = 'Retitled 25';
    fs.writeFileSync(bib, JSON.stringify(entries.filter((e: { id: string }) => e.id !== 's10'), null, 1));
    warm = (await updateCorpus(warm, bib, nodeFileHost))!;
    assert.equal(warm.get('s25')!.title, 'Retitled 25');
    assert.ok(!warm.has('s10'));
    const cold = await loadCorpus([bib], nodeFileHost);
    assert.deepEqual(entriesView(warm), entriesView(cold));
    assert.deepEqual(snapshot(warm), snapshot(cold));
    assert.deepEqual(findings(warm), findings(cold));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache leaves room after each posting list and passage column: the first edits after a start append there, not to copies of the lists they touch', async () => {
  const { dir, bib } = makeCorpus(40);
  const cacheFile = path.join(dir, 'index.gwidx');
  await loadCorpus([bib], nodeFileHost, { cacheFile });
  let warm = await loadCorpus([bib], nodeFileHost, { cacheFile });
  // (Internals, read only here: whether a list still lies in the buffer the cache was read into.)
  type Lists = { postings: { data: Int32Array; length: number }[] };
  const postings = () => (warm.index as unknown as Lists).postings;
  const cacheBuffer = postings()[0].data.buffer;
  const spansBuffer = (warm.passages as unknown as { spans: Int32Array }).spans.buffer;
  assert.equal(spansBuffer, cacheBuffer, 'the passage columns are the cache\'s');
  fs.writeFileSync(path.join(dir, 's4.txt'), fs.readFileSync(path.join(dir, 's9.txt'), 'utf8') + '\nThe garrison at Osh grew to 999 soldiers in 2019, officials said on Monday.\n');
  warm = (await updateCorpus(warm, path.join(dir, 's4.txt'), nodeFileHost))!;
  const lists = postings();
  const touched = lists.filter((l) => l.length > 0 && l.data[l.length - 1] >> 8 >= warm.passages.length - warm.passagesBySource.countOf('s4'));
  const copied = touched.filter((l) => l.data.buffer !== cacheBuffer);
  assert.ok(touched.length > 50, `the edit added to ${touched.length} lists`);
  // Only lists that outgrew their room (rare words, room for four more) are copied.
  assert.ok(copied.length <= touched.length / 10, `${copied.length} of ${touched.length} lists copied`);
  assert.equal((warm.passages as unknown as { spans: Int32Array }).spans.buffer, cacheBuffer, 'the passage columns took the new passages in their room');
  assert.deepEqual(snapshot(warm), snapshot(await loadCorpus([bib], nodeFileHost)));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a bibliography file field resolves under its folder as path.resolve would', () => {
  for (const root of ['/corpus', '/', '/a b/c']) {
    for (const f of ['x.txt', 'src/x.txt', './x.txt', '../x.txt', 'a/../../x.txt', 'a//x.txt', 'a/./x.txt', 'a/', '/abs/x.txt', '.x', '..x', 'a/..b/c', 'a\\b.txt', 'é/ü.txt']) {
      assert.equal(resolveUnder(root, f), path.resolve(root, f), `${root} + ${f}`);
    }
  }
});
