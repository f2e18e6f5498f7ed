// `groundwork check` as CI runs it: formats, exit codes, and the same findings as the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBrief } from '../../server/src/brief/parse';
import { checkBrief } from '../../server/src/check/checkBrief';
import { loadCorpus } from '../../server/src/corpus/corpus';
import { nodeFileHost } from '../../server/src/corpus/fileHost';
import { LineMap } from '../../server/src/corpus/positions';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const BRIEFS = path.join(REPO, 'test/fixtures/samples/briefs');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8' });

test('text format: GNU-style lines, exit 1 when an error-level finding exists', () => {
  const r = run('check', '--corpus', 'corpus', BRIEFS);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 10);
  for (const l of lines) assert.match(l, /^test\/fixtures\/samples\/briefs\/sample-[ab]\.md:\d+:\d+: (error|warning|information): .+ \[[a-z-]+\]$/);
  assert.ok(lines.some((l) => /sample-b\.md:16:\d+: error: Unknown citation key 'zagsuren2025'.*\[unknown-source\]$/.test(l)));
});

test('json and sarif formats carry the same findings', () => {
  const json = JSON.parse(run('check', '--corpus', 'corpus', '--format', 'json', path.join(BRIEFS, 'sample-b.md')).stdout);
  assert.ok(json.every((f: any) => f.source === 'groundwork' && f.line >= 1 && f.code && f.message));
  const sarif = JSON.parse(run('check', '--corpus', 'corpus', '--format', 'sarif', path.join(BRIEFS, 'sample-b.md')).stdout);
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results.filter((r: any) => r.ruleId !== 'corpus-problem');
  assert.deepEqual(results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.region.startLine]), json.map((f: any) => [f.code, f.line]));
});

test('output larger than a pipe holds reaches the reader whole (json for `| jq`, every text line)', () => {
  // 350 unknown keys: more text, and far more JSON, than a pipe's 64 KB.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cli-'));
  const brief = path.join(dir, 'many.md');
  fs.writeFileSync(brief, Array.from({ length: 350 }, (_, i) => `Russia keeps a military base in Tajikistan [@missing${i}].`).join('\n\n') + '\n');
  const json = spawnSync(process.execPath, [CLI, 'check', '--corpus', 'corpus', '--format', 'json', brief], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(json.status, 1, json.stderr);
  assert.ok(json.stdout.length > 4 * 65536, `only ${json.stdout.length} characters of JSON: the test needs more than a pipe holds`);
  assert.equal(JSON.parse(json.stdout).length, 350);
  const text = spawnSync(process.execPath, [CLI, 'check', '--corpus', 'corpus', brief], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(text.stdout.length > 65536, `only ${text.stdout.length} characters of text: the test needs more than a pipe holds`);
  const lines = text.stdout.trim().split('\n');
  assert.equal(lines.length, 350);
  assert.match(lines[349], /many\.md:699:\d+: error: Unknown citation key 'missing349'/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('exit 0 without errors, exit 2 on bad usage or an unreadable corpus', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cli-'));
  fs.writeFileSync(path.join(dir, 'ok.md'), 'An opinion without any checkable fact.\n');
  assert.equal(run('check', '--corpus', 'corpus', path.join(dir, 'ok.md')).status, 0);
  const usage = run('check');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /No briefs given/);
  assert.equal(run('lint', 'x.md').status, 2);
  assert.equal(run('check', '--format', 'xml', 'x.md').status, 2);
  fs.mkdirSync(path.join(dir, 'broken'));
  fs.writeFileSync(path.join(dir, 'broken', 'bib.json'), '{ not json');
  const broken = run('check', '--corpus', path.join(dir, 'broken'), path.join(dir, 'ok.md'));
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /not valid JSON/);
  const none = run('check', '--corpus', path.join(dir, 'nowhere'), path.join(dir, 'ok.md'));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no bibliography found/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI reports exactly what the engine reports (the engine the server uses)', async () => {
  const corpus = await loadCorpus([path.join(REPO, 'corpus/bibliography.json')], nodeFileHost);
  for (const name of ['sample-a.md', 'sample-b.md']) {
    const file = path.join(BRIEFS, name);
    const text = fs.readFileSync(file, 'utf8');
    const lines = new LineMap(text);
    const engine = checkBrief(parseBrief(text), corpus).map((f) => {
      const p = lines.positionAt(f.start);
      return [p.line + 1, p.character + 1, f.code, f.message];
    });
    const cli = JSON.parse(run('check', '--corpus', 'corpus', '--format', 'json', file).stdout).map((f: any) => [f.line, f.column, f.code, f.message]);
    assert.deepEqual(cli, engine, name);
  }
});
