// Measures one corpus size (run in its own process by scripts/bench.mjs so a size that runs
// over its time limit can be killed without losing the sizes before it). Every figure is sent
// to the parent as soon as it is measured, as a line `BENCH_RESULT {json}` on stdout, so a
// timeout still reports what was measured.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { BenchClient, procMemory } from './lsp.mjs';
import { loadServerLib } from './serverlib.mjs';
import { rng } from './prng.mjs';

const REQUESTS = 200;
const REDIAGNOSE_EDITS = 10;
const RAPID_EDITS = 10_000;
const RAPID_BURST = 100;
/** A phase that runs longer than this stops early and reports how many requests it made. */
const PHASE_BUDGET_MS = 60_000;
const FUSE_SEARCH_BUDGET_MS = 60_000;
/** Settings the bench answers workspace/configuration with: no diagnostics debounce. */
export const BENCH_SETTINGS = { corpus: { path: 'corpus' }, diagnostics: { debounceMs: 0 } };

function report(partial) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(partial)}\n`);
}
function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}
function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** `@key` occurrences inside [...] citation brackets: offset just after the @ and the key's end. */
function citationSites(text) {
  const sites = [];
  for (const bracket of text.matchAll(/\[[^\[\]\n]*@[^\[\]\n]*\]?/g)) {
    for (const m of bracket[0].matchAll(/@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)?/gu)) {
      const at = bracket.index + m.index + 1;
      const key = (m[1] ?? '').replace(/[.:?]+$/, '');
      sites.push({ at, keyEnd: at + key.length, key });
    }
  }
  return sites;
}

/** Spans of sentences that carry a citation (for one-sentence edits). */
function citedSentences(text) {
  const out = [];
  for (const m of text.matchAll(/[A-Z][^.\n]{30,}?\[@[^\]\n]+\]\./g)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

async function timeRequests(label, sites, n, makeRequest) {
  const times = [];
  const started = performance.now();
  let empty = 0;
  for (let i = 0; i < n; i++) {
    const [ms, result] = await makeRequest(sites[i % sites.length], i);
    times.push(ms);
    if (result === null || (Array.isArray(result) && result.length === 0) || (result?.items && result.items.length === 0)) empty++;
    if (performance.now() - started > PHASE_BUDGET_MS) {
      log(`${label}: phase budget reached after ${i + 1} requests`);
      break;
    }
  }
  return { n: times.length, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(Math.max(...times)), empty };
}

/** The machine floor: read every source file once and tokenize it once with the server's tokenizer. */
function machineFloor(lib, files) {
  const t = performance.now();
  let tokens = 0;
  let bytes = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    tokens += lib.tokenize(text).length;
  }
  return { ms: performance.now() - t, tokens, bytes };
}

function rgAvailable() {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** Sample workspace: a fresh copy of the repo's corpus/ and the two sample briefs. */
function sampleWorkspace(repo, outRoot) {
  const dir = path.join(outRoot, 'sample');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  fs.cpSync(path.join(repo, 'test/fixtures/samples/briefs'), path.join(dir, 'briefs'), { recursive: true });
  const texts = fs.readdirSync(path.join(dir, 'corpus')).filter((f) => f.endsWith('.txt')).sort();
  const r = rng('sample-queries', 'lookup');
  const queries = [];
  for (let q = 0; q < 60; q++) {
    const key = r.pick(texts);
    const lines = fs.readFileSync(path.join(dir, 'corpus', key), 'utf8').split('\n').filter((l) => l.length > 120);
    const words = r.pick(lines).split(/\s+/);
    const n = r.int(5, 7);
    const s = r.int(0, Math.max(0, words.length - n));
    queries.push({ phrase: words.slice(s, s + n).join(' '), key: key.replace(/\.txt$/, '') });
  }
  return {
    dir, briefs: ['briefs/sample-a.md', 'briefs/sample-b.md'], textDir: path.join(dir, 'corpus'),
    files: texts.map((f) => path.join(dir, 'corpus', f)), queries, sources: texts.length,
  };
}

function generatedWorkspace(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const textDir = path.join(dir, 'corpus', 'src');
  return {
    dir, briefs: [manifest.brief], textDir, files: fs.readdirSync(textDir).sort().map((f) => path.join(textDir, f)),
    queries: manifest.queries, sources: manifest.sources, manifest,
  };
}

export async function runSize({ repo, server, size, outRoot, deadline }) {
  const remaining = () => Math.max(1000, deadline - Date.now());
  const ws = size === 'sample' ? sampleWorkspace(repo, outRoot) : generatedWorkspace(path.join(outRoot, String(size)));
  const corpusBytes = ws.files.reduce((s, f) => s + fs.statSync(f).size, 0);
  report({ loadavg_start: os.loadavg().map((x) => round(x, 2)) });
  report({ sources: ws.sources, corpus_mb: round(corpusBytes / 1048576, 3), workspace: ws.dir, brief_words: ws.manifest?.brief_words });

  // ---- machine floor (same process, same tokenizer as the server's index)
  const lib = await loadServerLib(repo);
  machineFloor(lib, ws.files.slice(0, 3)); // warm the tokenizer's JIT on a few files
  const floor = machineFloor(lib, ws.files);
  report({ floor_ms: round(floor.ms, 1), floor_tokens: floor.tokens });
  log(`${size}: floor ${Math.round(floor.ms)} ms (${floor.tokens} tokens)`);

  // ---- cold start: the server's persisted index cache (initializationOptions.cacheDir, as the
  // VS Code client passes its storage folder) points at an empty folder of the bench's own.
  // A server without a cache ignores the option; then the warm start indexes from scratch too.
  const cacheDir = path.join(outRoot, `cache-${size}`);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  const initializationOptions = { cacheDir };
  const a = new BenchClient({ server, root: ws.dir, settings: BENCH_SETTINGS, initializationOptions });
  try {
    const cold = await a.start(remaining());
    report({ cold_index_ms: round(cold, 1), spawn_to_ready_ms: round(a.ready.at - a.spawnedAt, 1), initialize_ms: round(a.initializedAt - a.initializeSentAt, 1), server_logged_index_ms: a.indexLoggedMs, passages: a.ready.passages, server_sources: a.ready.sources, server_problems: a.ready.problems });
    log(`${size}: cold index ${Math.round(cold)} ms, ${a.ready.sources} sources, ${a.ready.passages} passages`);
    report({ cold_rss_mb: round(procMemory(a.pid)?.hwmMb, 1) });
  } catch (e) {
    report({ error_cold: String(e.message).slice(0, 600) });
    log(`${size}: cold start failed: ${e.message.slice(0, 300)}`);
  } finally {
    await a.stop();
  }

  // ---- warm start: a second start on the same corpus and cache folder; every measurement below uses this server
  // The findings the cold server kept of the briefs (it may have begun checking them before it
  // was stopped) are removed: the startup check below is of briefs never checked before.
  for (const f of fs.readdirSync(cacheDir)) if (f.endsWith('.findings.json')) fs.rmSync(path.join(cacheDir, f));
  const cacheFiles = fs.readdirSync(cacheDir);
  report({ cache_files: cacheFiles.length, cache_mb: round(cacheFiles.reduce((s, f) => s + fs.statSync(path.join(cacheDir, f)).size, 0) / 1048576, 1) });
  let b = new BenchClient({ server, root: ws.dir, settings: BENCH_SETTINGS, initializationOptions });
  try {
    try {
      const warm = await b.start(remaining());
      report({ warm_start_ms: round(warm, 1), warm_server_logged_index_ms: b.indexLoggedMs });
      log(`${size}: warm start ${Math.round(warm)} ms`);
    } catch (e) {
      // The warm start failed (e.g. loading the persisted cache): report it, then measure the
      // features on a server started with an empty cache folder so the rest of the row exists.
      const stack = /Indexing failed:[^\n]*(\n\s+at [^\n]*){0,3}/.exec(b.log ?? '')?.[0];
      report({ error_warm: `${e.message.slice(0, 300)}${stack ? ` — ${stack.replace(/\s+/g, ' ')}` : ''}` });
      log(`${size}: warm start failed (${e.message.slice(0, 200)}); measuring the features on a server with an empty cache folder`);
      await b.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.mkdirSync(cacheDir, { recursive: true });
      b = new BenchClient({ server, root: ws.dir, settings: BENCH_SETTINGS, initializationOptions });
      await b.start(remaining());
      report({ features_on: 'a server with an empty cache folder (the warm start failed)' });
    }
    const diskUris = ws.briefs.map((rel) => b.uri(rel));
    // The brief is opened under a name that is not on disk ("open-<name>.md", same folder), so
    // didOpen runs the whole check path rather than reusing the file's published findings; its
    // claims, the same as the startup check's, come from the server's per-claim memory cache.
    const briefUris = ws.briefs.map((rel) => b.uri(path.join(path.dirname(rel), `open-${path.basename(rel)}`)));
    // The server checks every brief on disk right after indexing; let that finish first. Meanwhile
    // an editor keeps asking: completion in a scratch brief every 20 ms, timed (requests answered
    // while the server is busy checking).
    try {
      const probeUri = b.uri('briefs/probe-unsaved.md');
      const probeText = 'Russia keeps a military base in Tajikistan [@';
      b.open(probeUri, probeText, 1);
      const busy = [];
      const startupDone = () => diskUris.every((u) => b.diagnostics.get(u)?.length);
      while (!startupDone() && remaining() > 0) {
        const [ms] = await b.timed('textDocument/completion', { textDocument: { uri: probeUri }, position: { line: 0, character: probeText.length }, context: { triggerKind: 2, triggerCharacter: '@' } });
        if (!startupDone()) busy.push(ms);
        await new Promise((r) => setTimeout(r, 20));
      }
      b.close(probeUri);
      if (busy.length) report({ busy_completion_p50_ms: round(percentile(busy, 50)), busy_completion_max_ms: round(Math.max(...busy)), busy_completion_n: busy.length, busy_completion_all_ms: busy.map((x) => round(x, 1)) });
      await b.until(() => diskUris.every((u) => b.diagnostics.get(u)?.length), remaining(), 'startup check of the briefs on disk');
      const lastFirst = Math.max(...diskUris.map((u) => b.diagnostics.get(u)[0].at));
      report({ startup_check_ms: round(lastFirst - b.ready.at, 1) });
    } catch (e) {
      report({ error_startup_check: e.message.slice(0, 300) });
    }

    // ---- full diagnostics on open
    const texts = ws.briefs.map((rel) => fs.readFileSync(path.join(ws.dir, rel), 'utf8'));
    const diagTimes = [];
    const diagCounts = [];
    for (let i = 0; i < briefUris.length; i++) {
      const t = performance.now();
      b.open(briefUris[i], texts[i], 1);
      const d = await b.diagnosticsFor(briefUris[i], 1, remaining());
      diagTimes.push(d.at - t);
      diagCounts.push(d.diagnostics.length);
    }
    report({ diagnostics_ms: round(diagTimes[0], 1), diagnostics_all_ms: diagTimes.map((x) => round(x, 1)), diagnostics_count: diagCounts });
    log(`${size}: diagnostics ${diagTimes.map(Math.round).join(', ')} ms (${diagCounts.join(', ')} findings)`);

    // ---- re-diagnosis after a one-sentence edit (median of REDIAGNOSE_EDITS edits)
    const main = { uri: briefUris[0], text: texts[0], version: 1 };
    const edits = citedSentences(main.text);
    const r = rng('rediagnose', String(size));
    const reTimes = [];
    for (let i = 0; i < REDIAGNOSE_EDITS && edits.length; i++) {
      const s = edits[r.int(0, edits.length - 1)];
      const starts = lineStarts(main.text);
      const replacement = s.text.replace(/\b(\w+)\b/, (w) => (w === 'The' ? 'This' : 'The ' + w.toLowerCase()));
      const version = ++main.version;
      const t = performance.now();
      b.change(main.uri, version, [{ range: { start: positionAt(starts, s.start), end: positionAt(starts, s.end) }, text: replacement }]);
      main.text = main.text.slice(0, s.start) + replacement + main.text.slice(s.end);
      await b.diagnosticsFor(main.uri, version, remaining());
      reTimes.push((b.diagnostics.get(main.uri).find((d) => d.version === version).at) - t);
      edits.splice(0, edits.length, ...citedSentences(main.text));
    }
    report({ rediagnose_ms: round(percentile(reTimes, 50), 1), rediagnose_all_ms: reTimes.map((x) => round(x, 1)) });
    log(`${size}: re-diagnose p50 ${round(percentile(reTimes, 50), 1)} ms`);

    // ---- positions: every citation of every open brief
    const docs = briefUris.map((uri, i) => {
      const text = i === 0 ? main.text : texts[i];
      return { uri, text, starts: lineStarts(text), sites: citationSites(text) };
    });
    const sites = docs.flatMap((d) => d.sites.map((s) => ({ ...s, doc: d })));
    const shuffled = rng('sites', String(size)).shuffle(sites);
    report({ citation_sites: sites.length });

    // hover in the middle of each cited key
    const keyed = shuffled.filter((s) => s.key);
    const hover = await timeRequests('hover', keyed, REQUESTS, (s) =>
      b.timed('textDocument/hover', { textDocument: { uri: s.doc.uri }, position: positionAt(s.doc.starts, s.at + Math.floor(s.key.length / 2)) }));
    report({ hover_p50_ms: hover.p50, hover_p95_ms: hover.p95, hover_n: hover.n, hover_max_ms: hover.max, hover_empty: hover.empty });
    log(`${size}: hover p50 ${hover.p50} p95 ${hover.p95} ms (n=${hover.n})`);

    // completion right after `[@` (or `; @`) inside sentences: nothing typed yet
    let completionItems = 0;
    let completionBytes = 0;
    const completion = await timeRequests('completion', shuffled, REQUESTS, async (s) => {
      const [ms, result] = await b.timed('textDocument/completion', { textDocument: { uri: s.doc.uri }, position: positionAt(s.doc.starts, s.at), context: { triggerKind: 2, triggerCharacter: '@' } });
      completionItems = Math.max(completionItems, result?.items?.length ?? 0);
      if (!completionBytes && result) completionBytes = JSON.stringify(result).length;
      return [ms, result];
    });
    report({ completion_p50_ms: completion.p50, completion_p95_ms: completion.p95, completion_n: completion.n, completion_max_ms: completion.max, completion_items: completionItems, completion_response_kb: round(completionBytes / 1024, 1), completion_empty: completion.empty });
    log(`${size}: completion p50 ${completion.p50} p95 ${completion.p95} ms (n=${completion.n}, ${completionItems} items, ${Math.round(completionBytes / 1024)} KB)`);

    // completion with three characters of the key typed (the fuse.js path)
    const typed = await timeRequests('completion (typed)', keyed, Math.round(REQUESTS / 2), (s) =>
      b.timed('textDocument/completion', { textDocument: { uri: s.doc.uri }, position: positionAt(s.doc.starts, s.at + Math.min(3, s.key.length)), context: { triggerKind: 1 } }));
    report({ completion_typed_p50_ms: typed.p50, completion_typed_p95_ms: typed.p95, completion_typed_n: typed.n });

    // code actions at each citation, with the published diagnostics that overlap it; no `only`
    // filter, as VS Code asks on every cursor move (the lightbulb), so every kind is computed
    const action = await timeRequests('code actions', shuffled, REQUESTS, (s) => {
      const range = { start: positionAt(s.doc.starts, s.at - 1), end: positionAt(s.doc.starts, s.keyEnd) };
      const published = (b.diagnostics.get(s.doc.uri) ?? []).at(-1)?.diagnostics ?? [];
      const overlapping = published.filter((d) => d.range.start.line === range.start.line && d.range.end.character >= range.start.character && d.range.start.character <= range.end.character);
      return b.timed('textDocument/codeAction', { textDocument: { uri: s.doc.uri }, range, context: { diagnostics: overlapping, triggerKind: 2 } });
    });
    report({ code_action_p50_ms: action.p50, code_action_p95_ms: action.p95, code_action_n: action.n, code_action_empty: action.empty });
    log(`${size}: code actions p50 ${action.p50} p95 ${action.p95} ms`);

    // ---- passage lookup through the server's index (groundwork/search)
    const normalizePhrase = (p) => lib.normalizeText(p).replace(/\s+/g, ' ').trim().toLowerCase();
    const lookups = [];
    let found = 0;
    for (const q of ws.queries) {
      const [ms, results] = await b.timed('groundwork/search', { query: q.phrase, limit: 30 });
      lookups.push(ms);
      if (results.some((x) => x.text.toLowerCase().includes(normalizePhrase(q.phrase)))) found++;
    }
    report({ index_lookup_ms: round(percentile(lookups, 50)), index_lookup_p95_ms: round(percentile(lookups, 95)), index_lookup_n: lookups.length, index_lookup_found: found });
    log(`${size}: index lookup p50 ${round(percentile(lookups, 50))} ms (${found}/${lookups.length} had a passage holding the phrase in the top 30)`);

    // ---- incremental updates, as an editor reports them (workspace/didChangeWatchedFiles): one
    // source's text changed, one entry added to the bibliography, the same one removed. The time
    // is the server's own ("Updated the index for … (N ms)"); `visible` adds the 300 ms quiet
    // period the server waits for more events, and ends when a search finds the change. The
    // corpus files are restored afterwards (and the restoring change is measured too).
    await measureIncrementalUpdates(b, ws, size, report, log);

    // ---- memory under rapid edits (sample brief only): 10,000 didChange in bursts of 100
    if (size === 'sample') {
      const before = procMemory(b.pid);
      const rr = rng('rapid', 'edits');
      let text = main.text;
      let version = main.version;
      const t = performance.now();
      for (let burst = 0; burst < RAPID_EDITS / RAPID_BURST; burst++) {
        for (let k = 0; k < RAPID_BURST; k++) {
          const starts = lineStarts(text);
          const offset = rr.int(0, text.length - 1);
          const pos = positionAt(starts, offset);
          // Type a character, or delete the one typed before: the brief stays about the same size.
          const change = k % 2 === 0 ? { range: { start: pos, end: pos }, text: 'x' } : { range: { start: pos, end: positionAt(starts, offset + 1) }, text: '' };
          text = k % 2 === 0 ? text.slice(0, offset) + 'x' + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
          b.change(main.uri, ++version, [change]);
        }
        // An editor asks for hovers between bursts; the round trip also paces the bursts.
        const s = keyed[burst % keyed.length];
        await b.timed('textDocument/hover', { textDocument: { uri: s.doc.uri }, position: { line: 0, character: 0 } });
      }
      await b.diagnosticsFor(main.uri, version, remaining());
      const elapsed = performance.now() - t;
      await new Promise((r2) => setTimeout(r2, 1000));
      const after = procMemory(b.pid);
      report({ rapid_edits: RAPID_EDITS, rapid_edits_ms: round(elapsed, 0), rapid_rss_before_mb: round(before?.rssMb, 1), rapid_rss_after_mb: round(after?.rssMb, 1), rapid_hwm_mb: round(after?.hwmMb, 1) });
      log(`${size}: rapid edits RSS ${round(before?.rssMb, 1)} → ${round(after?.rssMb, 1)} MiB`);
    }

    report({ peak_rss_mb: round(procMemory(b.pid)?.hwmMb, 1) });
  } catch (e) {
    report({ error_server: String(e.message).slice(0, 600) });
    log(`${size}: server phase failed: ${e.message.slice(0, 300)}`);
    const mem = procMemory(b.pid);
    if (mem) report({ peak_rss_mb: round(mem.hwmMb, 1) });
  } finally {
    await b.stop();
  }

  // ---- a third start on the same cache folder: the briefs on disk were checked in the session
  // before (the corpus files it changed are restored), so their findings are reused.
  const c = new BenchClient({ server, root: ws.dir, settings: BENCH_SETTINGS, initializationOptions });
  try {
    await c.start(remaining());
    const uris = ws.briefs.map((rel) => c.uri(rel));
    await c.until(() => uris.every((u) => c.diagnostics.get(u)?.length), remaining(), 'startup check of briefs checked in an earlier session');
    const last = Math.max(...uris.map((u) => c.diagnostics.get(u)[0].at));
    report({ startup_check_kept_ms: round(last - c.ready.at, 1), startup_check_kept_log: c.logLines.filter((l) => /Findings cache/.test(l.message)).map((l) => l.message.slice(0, 200)) });
    log(`${size}: startup check of briefs checked in an earlier session ${round(last - c.ready.at, 1)} ms`);
  } catch (e) {
    report({ error_startup_check_kept: String(e.message).slice(0, 300) });
  } finally {
    await c.stop();
  }

  // ---- the same lookups with ripgrep over the corpus folder (one process per query, as a script would)
  const rgVersion = rgAvailable();
  if (!rgVersion) {
    report({ rg_lookup_ms: null, rg_missing: true });
    log('rg is missing: the ripgrep column is skipped');
  } else {
    const times = [];
    let found = 0;
    for (const q of ws.queries) {
      const t = performance.now();
      const r = spawnSync('rg', ['-l', '-i', '-F', '--', q.phrase, ws.textDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      times.push(performance.now() - t);
      if (r.stdout.trim()) found++;
    }
    report({ rg_lookup_ms: round(percentile(times, 50)), rg_lookup_p95_ms: round(percentile(times, 95)), rg_lookup_found: found, rg_version: rgVersion });
    log(`${size}: rg lookup p50 ${round(percentile(times, 50))} ms`);
  }

  // ---- the same lookups with fuse.js over every passage (built once; search timed)
  const { default: Fuse } = await import(path.join(repo, 'node_modules/fuse.js/dist/fuse.mjs'));
  const tb = performance.now();
  const passages = [];
  for (const f of ws.files) for (const p of lib.splitPassages(fs.readFileSync(f, 'utf8'))) passages.push({ key: path.basename(f, '.txt'), text: p.text });
  const fuse = new Fuse(passages, { keys: ['text'], ignoreLocation: true, threshold: 0.2, includeScore: true });
  const buildMs = performance.now() - tb;
  report({ fuse_build_ms: round(buildMs, 0), fuse_passages: passages.length });
  log(`${size}: fuse.js index of ${passages.length} passages built in ${Math.round(buildMs)} ms`);
  const fuseTimes = [];
  let fuseFound = 0;
  const fuseStart = performance.now();
  for (const q of ws.queries) {
    const t = performance.now();
    const hits = fuse.search(q.phrase, { limit: 30 });
    fuseTimes.push(performance.now() - t);
    if (hits.some((h) => h.item.text.toLowerCase().includes(lib.normalizeText(q.phrase).replace(/\s+/g, ' ').trim().toLowerCase()))) fuseFound++;
    report({ fuse_lookup_ms: round(percentile(fuseTimes, 50)), fuse_lookup_n: fuseTimes.length, fuse_lookup_found: fuseFound });
    if (performance.now() - fuseStart > FUSE_SEARCH_BUDGET_MS) break;
  }
  report({ fuse_lookup_p95_ms: round(percentile(fuseTimes, 95)) });
  log(`${size}: fuse lookup p50 ${round(percentile(fuseTimes, 50))} ms (n=${fuseTimes.length})`);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  report({ loadavg_end: os.loadavg().map((x) => round(x, 2)), done: true });
}

// Child-process entry: node scripts/bench/run.mjs <repo> <server.js> <size> <outRoot> <deadlineEpochMs>
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [repo, server, size, outRoot, deadline] = process.argv.slice(2);
  runSize({ repo, server, size: size === 'sample' ? 'sample' : Number(size), outRoot, deadline: Number(deadline) })
    .then(() => process.exit(0))
    .catch((e) => {
      report({ error: String(e.stack ?? e).slice(0, 800) });
      process.exit(1);
    });
}

/** Sends a file event, waits for the server's "Updated the index" line, then until `visible()`. */
async function timedUpdate(b, file, visible) {
  const since = b.logCount;
  const t = performance.now();
  b.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 2 }] });
  const line = await b.until(() => b.logLines.find((l) => l.n >= since && /Updated the index for .*\((\d+) ms\)/.test(l.message)), 60000, `the index update for ${path.basename(file)}`);
  let seen = await visible();
  for (let i = 0; i < 2000 && !seen; i++) {
    await new Promise((r) => setTimeout(r, 2));
    seen = await visible();
  }
  if (!seen) throw new Error(`the server logged the update of ${path.basename(file)}, but a search does not see it`);
  return { serverMs: Number(/\((\d+) ms\)/.exec(line.message)[1]), visibleMs: performance.now() - t };
}

const UPDATE_ROUNDS = 3;

async function measureIncrementalUpdates(b, ws, size, report, log) {
  const marker = (what) => `zq${what}${String(size).replace(/\D/g, '')}marker`;
  const finds = async (word) => (await b.conn.sendRequest('groundwork/search', { query: word, limit: 5 })).some((r) => r.text.includes(word));
  const bibFile = path.join(ws.dir, 'corpus', 'bibliography.json');
  const changedFile = ws.files[Math.floor(ws.files.length / 2)];
  const addedFile = path.join(path.dirname(changedFile), 'bench-added-source.txt');
  const originalText = fs.readFileSync(changedFile);
  const originalBib = fs.readFileSync(bibFile);
  const results = { changed: [], restored: [], added: [], removed: [] };
  try {
    // Three rounds; the median of each is reported (one update is a single, GC-sensitive sample).
    for (let round = 0; round < UPDATE_ROUNDS; round++) {
      fs.writeFileSync(changedFile, Buffer.concat([originalText, Buffer.from(`\n\nA paragraph the bench added: ${marker('changed')} at the garrison.\n`)]));
      results.changed.push(await timedUpdate(b, changedFile, () => finds(marker('changed'))));
      fs.writeFileSync(changedFile, originalText);
      results.restored.push(await timedUpdate(b, changedFile, async () => !(await finds(marker('changed')))));
      fs.writeFileSync(addedFile, `A source the bench added: ${marker('added')} near the border.\n`);
      const entries = JSON.parse(originalBib.toString('utf8'));
      entries.push({ id: 'bench-added-source', type: 'article', title: 'A source the bench added', issued: { 'date-parts': [[2024]] }, file: path.relative(path.dirname(bibFile), addedFile) });
      fs.writeFileSync(bibFile, JSON.stringify(entries, null, 1));
      results.added.push(await timedUpdate(b, bibFile, () => finds(marker('added'))));
      fs.writeFileSync(bibFile, originalBib);
      results.removed.push(await timedUpdate(b, bibFile, async () => !(await finds(marker('added')))));
    }
  } catch (e) {
    report({ error_incremental: String(e.message).slice(0, 300) });
    log(`${size}: incremental updates failed: ${e.message.slice(0, 200)}`);
  } finally {
    if (!fs.readFileSync(changedFile).equals(originalText)) fs.writeFileSync(changedFile, originalText);
    if (!fs.readFileSync(bibFile).equals(originalBib)) fs.writeFileSync(bibFile, originalBib);
    fs.rmSync(addedFile, { force: true });
  }
  for (const [what, runs] of Object.entries(results)) {
    if (runs.length === 0) continue;
    report({ [`update_${what}_ms`]: percentile(runs.map((r) => r.serverMs), 50), [`update_${what}_max_ms`]: Math.max(...runs.map((r) => r.serverMs)), [`update_${what}_visible_ms`]: round(percentile(runs.map((r) => r.visibleMs), 50), 1) });
  }
  const med = (what) => (results[what].length ? `${percentile(results[what].map((r) => r.serverMs), 50)} (max ${Math.max(...results[what].map((r) => r.serverMs))})` : '—');
  log(`${size}: median of ${results.removed.length}: one source re-indexed in ${med('changed')} ms, changed back ${med('restored')}, bibliography entry added ${med('added')}, removed ${med('removed')}`);
}
