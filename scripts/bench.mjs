#!/usr/bin/env node
// `npm run bench`: the Groundwork performance benchmark (issue 4).
//
//   npm run bench -- [--sizes sample,100,1000,10000] [--out DIR] [--seed S] [--timeout-min 10] [--data DIR] [--build]
//   (--build rebuilds dist/ (node esbuild.mjs) from the working tree first; otherwise the existing build is measured)
//
// For each size it generates (or reuses) a deterministic synthetic corpus outside the repo
// (default $TMPDIR/groundwork-bench/<size>; "sample" is the repo's 4-source corpus with the two
// sample briefs), drives the built server (dist/server.js) over stdio as an editor does, and
// measures it next to baselines: the machine floor (read + tokenize every file once), ripgrep
// and fuse.js. Each size runs in its own process with a time limit; a size that runs over is
// reported as a timeout with whatever it had measured. Prints a Markdown table per size and a
// JSON document on stdout (progress goes to stderr); --out DIR also writes DIR/bench.json.
// Benchmarks are not tests: nothing here asserts on a time.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './bench/generate.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNNER = path.join(REPO, 'scripts/bench/run.mjs');
const DEFAULT_SIZES = ['sample', '100', '1000', '10000'];

function parseArgs(argv) {
  const args = { build: false, sizes: DEFAULT_SIZES, out: undefined, seed: 'groundwork-bench-1', timeoutMin: 10, data: path.join(os.tmpdir(), 'groundwork-bench') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--sizes')) args.sizes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--out')) args.out = path.resolve(value());
    else if (a.startsWith('--seed')) args.seed = value();
    else if (a.startsWith('--timeout-min')) args.timeoutMin = Number(value());
    else if (a.startsWith('--data')) args.data = path.resolve(value());
    else if (a === '--build') args.build = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run bench -- [--sizes sample,100,1000,10000] [--out DIR] [--seed S] [--timeout-min 10] [--data DIR] [--build]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const s of args.sizes) if (s !== 'sample' && !(Number.isInteger(Number(s)) && Number(s) > 0)) throw new Error(`--sizes: "${s}" is not "sample" or a positive integer`);
  if (path.resolve(args.data).startsWith(REPO + path.sep)) throw new Error('--data must be outside the repository');
  return args;
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 1073741824)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/** The files the server runs from (it starts its index workers and pdf.js from its own folder). */
const SERVER_FILES = ['server.js', 'serverMain.js', 'indexWorker.js', 'referenceWorker.js', 'pdfjs.js', 'citationJs.js'];

/**
 * Copies the server's files from dist/ to a folder of the data folder so every size measures
 * the same build even if dist/ is rebuilt meanwhile; describes it (hash, build time, git commit
 * of the tree).
 */
function snapshotServer(args) {
  const hash = createHash('sha256');
  const files = SERVER_FILES.filter((f) => fs.existsSync(path.join(REPO, 'dist', f)));
  for (const f of files) hash.update(fs.readFileSync(path.join(REPO, 'dist', f)));
  const sha = hash.digest('hex').slice(0, 12);
  const dir = path.join(args.data, `server-${sha}`);
  if (!fs.existsSync(path.join(dir, 'server.js'))) {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of files) fs.copyFileSync(path.join(REPO, 'dist', f), path.join(dir, f));
  }
  const src = path.join(REPO, 'dist/server.js');
  const git = (...a) => spawnSync('git', a, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'server/src').split('\n').filter(Boolean).length;
  const built = fs.statSync(src).mtime.toISOString().slice(0, 19).replace('T', ' ');
  return { path: path.join(dir, 'server.js'), describe: `dist/{${files.join(',')}} sha256 ${sha}, built ${built} UTC, tree at ${head}${dirty ? ` with ${dirty} uncommitted change(s) under server/src` : ''}` };
}

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Runs one size in a child process; resolves with the merged results (and timeout/exit info). */
function runChild(size, data, server, timeoutMs) {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    // Own process group, so a timeout kills the runner and the servers it started, and nothing else.
    const child = spawn(process.execPath, [RUNNER, REPO, server, String(size), data, String(deadline)], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const result = {};
    let buffer = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('BENCH_RESULT ')) Object.assign(result, JSON.parse(line.slice('BENCH_RESULT '.length)));
      }
    });
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${size}: over the ${Math.round(timeoutMs / 60000)}-minute limit; stopping it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs + 15_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) result.timeout = true;
      else if (code !== 0) result.exit = `runner exited with ${signal ?? code}`;
      resolve(result);
    });
  });
}

const SCHEMA = ['sources', 'corpus_mb', 'floor_ms', 'cold_index_ms', 'warm_start_ms', 'peak_rss_mb', 'completion_p50_ms', 'completion_p95_ms', 'hover_p50_ms', 'hover_p95_ms', 'diagnostics_ms', 'rediagnose_ms', 'index_lookup_ms', 'rg_lookup_ms', 'fuse_lookup_ms'];

const fmt = (v, unit = '') => (v === null || v === undefined ? '—' : `${typeof v === 'number' ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(v)) : v}${unit}`);
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : '—');

function sizeLabel(r) {
  return r.size === 'sample' ? `sample (${r.sources ?? 4} sources, 2 briefs)` : `${Number(r.size).toLocaleString('en-US')} sources`;
}

function statusOf(r) {
  if (r.timeout) return `**timed out** after the per-size limit (figures below are what was measured before)`;
  if (r.exit) return `**${r.exit}**`;
  const errors = Object.entries(r).filter(([k]) => k.startsWith('error')).map(([k, v]) => `${k}: ${v}`);
  return errors.length ? `**errors**: ${errors.join('; ')}` : 'complete';
}

function sizeTable(r) {
  const rows = [
    ['Corpus', `${fmt(r.corpus_mb)} MiB of text, ${fmt(r.server_sources ?? r.sources)} sources, ${fmt(r.passages)} passages`],
    ['Machine floor (read + tokenize every file once)', fmt(r.floor_ms, ' ms')],
    ['Cold index (initialize → status ready)', `${fmt(r.cold_index_ms, ' ms')} (${ratio(r.cold_index_ms, r.floor_ms)} the floor)`],
    ['…of which: initialize request, server-logged corpus load', `${fmt(r.initialize_ms, ' ms')}, ${fmt(r.server_logged_index_ms, ' ms')}`],
    ['Warm start (2nd start, same cache folder)', `${fmt(r.warm_start_ms, ' ms')} (server-logged corpus load ${fmt(r.warm_server_logged_index_ms, ' ms')}; cache written by the cold start: ${fmt(r.cache_files)} file(s), ${fmt(r.cache_mb, ' MiB')})`],
    ['Startup check of the briefs on disk (ready → diagnostics), never checked before', fmt(r.startup_check_ms, ' ms')],
    ['…the same briefs at the next start (findings kept from the session before)', r.error_startup_check_kept ? `failed: ${r.error_startup_check_kept}` : fmt(r.startup_check_kept_ms, ' ms')],
    ['Completion while that check runs (every 20 ms), p50 / max', r.busy_completion_n ? `${fmt(r.busy_completion_p50_ms, ' ms')} / ${fmt(r.busy_completion_max_ms, ' ms')} (n=${fmt(r.busy_completion_n)})` : 'the check was over before the first request'],
    ['Peak RSS of the server (VmHWM)', `${fmt(r.peak_rss_mb, ' MiB')}${r.cold_rss_mb ? ` (after cold index: ${fmt(r.cold_rss_mb, ' MiB')})` : ''}`],
    ['Completion after `[@`, p50 / p95', `${fmt(r.completion_p50_ms, ' ms')} / ${fmt(r.completion_p95_ms, ' ms')} (n=${fmt(r.completion_n)}, ${fmt(r.completion_items)} items, ${fmt(r.completion_response_kb, ' KB')})`],
    ['Completion with 3 key characters typed, p50 / p95', `${fmt(r.completion_typed_p50_ms, ' ms')} / ${fmt(r.completion_typed_p95_ms, ' ms')} (n=${fmt(r.completion_typed_n)})`],
    ['Hover on a cited key, p50 / p95', `${fmt(r.hover_p50_ms, ' ms')} / ${fmt(r.hover_p95_ms, ' ms')} (n=${fmt(r.hover_n)})`],
    ['Code actions at a citation, p50 / p95', `${fmt(r.code_action_p50_ms, ' ms')} / ${fmt(r.code_action_p95_ms, ' ms')} (n=${fmt(r.code_action_n)})`],
    ['Diagnostics on open (didOpen → publish; its claims were checked at startup, so in memory)', `${fmt(r.diagnostics_ms, ' ms')}${r.diagnostics_all_ms?.length > 1 ? ` (each brief: ${r.diagnostics_all_ms.join(', ')} ms)` : ''}${r.diagnostics_count ? `, ${r.diagnostics_count.join(' + ')} diagnostics` : ''}`],
    ['Re-diagnosis after a one-sentence edit (median of 10)', fmt(r.rediagnose_ms, ' ms')],
    ['One source re-indexed (server-logged, median of 3; max): text changed / changed back; bibliography entry added / removed', `${fmt(r.update_changed_ms, ' ms')} (${fmt(r.update_changed_max_ms)}) / ${fmt(r.update_restored_ms, ' ms')} (${fmt(r.update_restored_max_ms)}); ${fmt(r.update_added_ms, ' ms')} (${fmt(r.update_added_max_ms)}) / ${fmt(r.update_removed_ms, ' ms')} (${fmt(r.update_removed_max_ms)}) (file event → a search sees it, with the server's 300 ms wait for more events: ${[r.update_changed_visible_ms, r.update_restored_visible_ms, r.update_added_visible_ms, r.update_removed_visible_ms].map((v) => fmt(v)).join(' / ')} ms)`],
    ['Passage lookup: server index (`groundwork/search`), p50', `${fmt(r.index_lookup_ms, ' ms')} (a passage holding the phrase in the top 30: ${fmt(r.index_lookup_found)}/${fmt(r.index_lookup_n)})`],
    ['Passage lookup: `rg -l -i -F` over the corpus, p50', r.rg_missing ? 'rg missing: skipped' : `${fmt(r.rg_lookup_ms, ' ms')} (${ratio(r.rg_lookup_ms, r.index_lookup_ms)} the index; a file found: ${fmt(r.rg_lookup_found)}/60)`],
    ['Passage lookup: fuse.js over every passage, p50', `${fmt(r.fuse_lookup_ms, ' ms')} (${ratio(r.fuse_lookup_ms, r.index_lookup_ms)} the index; n=${fmt(r.fuse_lookup_n)}, build ${fmt(r.fuse_build_ms, ' ms')}, a passage holding the phrase in the top 30: ${fmt(r.fuse_lookup_found)})`],
  ];
  if (r.rapid_edits) rows.push(['Memory under 10,000 rapid edits (RSS before → after, peak)', `${fmt(r.rapid_rss_before_mb)} → ${fmt(r.rapid_rss_after_mb, ' MiB')} (peak ${fmt(r.rapid_hwm_mb, ' MiB')}; ${fmt(r.rapid_edits_ms, ' ms')} for the edits)`]);
  const load = (l) => (l ? l.join(' / ') : '—');
  rows.push(['Machine load average (1/5/15 min) at start → end', `${load(r.loadavg_start)} → ${load(r.loadavg_end)}`]);
  return [`### ${sizeLabel(r)}`, '', `Status: ${statusOf(r)}`, '', '| Measure | Result |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`), ''].join('\n');
}

function summaryTable(results) {
  const cols = results.map(sizeLabel);
  const line = (name, f) => `| ${name} | ${results.map((r) => f(r)).join(' | ')} |`;
  return [
    `| Measure | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    line('Corpus (MiB of text)', (r) => fmt(r.corpus_mb)),
    line('Machine floor (ms)', (r) => fmt(r.floor_ms)),
    line('Cold index (ms)', (r) => fmt(r.cold_index_ms)),
    line('Cold index ÷ floor', (r) => ratio(r.cold_index_ms, r.floor_ms)),
    line('Warm start (ms)', (r) => fmt(r.warm_start_ms)),
    line('Peak RSS (MiB)', (r) => fmt(r.peak_rss_mb)),
    line('Completion p50 / p95 (ms)', (r) => `${fmt(r.completion_p50_ms)} / ${fmt(r.completion_p95_ms)}`),
    line('Hover p50 / p95 (ms)', (r) => `${fmt(r.hover_p50_ms)} / ${fmt(r.hover_p95_ms)}`),
    line('Code actions p50 / p95 (ms)', (r) => `${fmt(r.code_action_p50_ms)} / ${fmt(r.code_action_p95_ms)}`),
    line('Startup check of the brief: never checked / checked last session (ms)', (r) => `${fmt(r.startup_check_ms)} / ${fmt(r.startup_check_kept_ms)}`),
    line('Diagnostics on open, claims in memory (ms)', (r) => fmt(r.diagnostics_ms)),
    line('Re-diagnosis after an edit (ms)', (r) => fmt(r.rediagnose_ms)),
    line('One source re-indexed: changed / added / removed (ms)', (r) => `${fmt(r.update_changed_ms)} / ${fmt(r.update_added_ms)} / ${fmt(r.update_removed_ms)}`),
    line('Lookup: index p50 (ms)', (r) => fmt(r.index_lookup_ms)),
    line('Lookup: rg p50 (ms)', (r) => (r.rg_missing ? 'rg missing' : fmt(r.rg_lookup_ms))),
    line('Lookup: fuse.js p50 (ms)', (r) => fmt(r.fuse_lookup_ms)),
    line('rg ÷ index, fuse.js ÷ index', (r) => `${ratio(r.rg_lookup_ms, r.index_lookup_ms)}, ${ratio(r.fuse_lookup_ms, r.index_lookup_ms)}`),
    line('Status', (r) => (r.timeout ? 'timeout' : r.exit ? 'failed' : Object.keys(r).some((k) => k.startsWith('error')) ? 'errors' : 'ok')),
    '',
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build || SERVER_FILES.some((f) => f !== 'pdfjs.js' && !fs.existsSync(path.join(REPO, 'dist', f)))) {
    log(args.build ? 'building from the working tree (node esbuild.mjs)' : 'the server is not built; building it (node esbuild.mjs)');
    const r = spawnSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the build failed (node esbuild.mjs)');
  }
  fs.mkdirSync(args.data, { recursive: true });
  const server = snapshotServer(args);
  log(`server: ${server.describe}`);
  const results = [];
  const startedAll = Date.now();
  for (const size of args.sizes) {
    const result = { size };
    if (size !== 'sample') {
      const t = Date.now();
      const m = generate({ size: Number(size), seed: args.seed, dir: path.join(args.data, size), repo: REPO, log: (s) => log(`${size}: ${s}`) });
      log(`${size}: corpus ${m.reused ? 'reused' : 'generated'} in ${Math.round((Date.now() - t) / 1000)} s (${Math.round(m.corpus_bytes / 1048576)} MiB, brief ${m.brief_words} words)`);
      result.brief_citations = m.brief_citations;
    }
    log(`${size}: measuring (limit ${args.timeoutMin} min)`);
    Object.assign(result, await runChild(size, args.data, server.path, args.timeoutMin * 60_000));
    results.push(result);
  }
  const doc = {
    machine: machine(),
    sizes: results.map((r) => Object.fromEntries(SCHEMA.map((k) => [k, typeof r[k] === 'number' ? r[k] : null]))),
  };
  const notes = [
    'Times are wall-clock in the client (request sent → response or notification received), in ms; memory in MiB (2^20 bytes).',
    'Diagnostics are measured with groundwork.diagnostics.debounceMs = 0 (the bench answers workspace/configuration so); the default is 250 ms.',
    'Cold start = the server with an empty index-cache folder (initializationOptions.cacheDir, a folder of the bench\'s own); warm start = a second start with the same folder, i.e. whatever the cold start persisted (nothing, for a server without a cache). OS file caches are warm for both (the corpus was just generated or read).',
    'Lookups: 60 phrases of 5–7 words copied from corpus texts; each tool is timed per query (rg includes its process start, as a script calling it would).',
  ];
  const markdown = [
    `## Groundwork bench — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Machine: ${doc.machine}`,
    '',
    `Server: ${server.describe}`,
    '',
    summaryTable(results),
    ...results.map(sizeTable),
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  process.stdout.write(markdown + '\n');
  process.stdout.write('```json\n' + JSON.stringify({ ...doc, server: server.describe, details: results, total_s: Math.round((Date.now() - startedAll) / 1000) }, null, 2) + '\n```\n');
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    fs.writeFileSync(path.join(args.out, 'bench.json'), JSON.stringify(doc, null, 2) + '\n');
    fs.writeFileSync(path.join(args.out, 'bench.md'), markdown);
    log(`wrote ${path.join(args.out, 'bench.json')}`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${/^(--|unknown argument)/.test(e.message) ? e.message : e.stack ?? e}\n`);
  process.exit(1);
});
