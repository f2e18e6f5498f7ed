// `groundwork check`: the editor's checks, headless, for CI. Same engine as the server:
// parse → corpus → checkBrief → findings, printed as GNU-style lines, JSON or SARIF.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseBriefWithin, DEFAULT_MAX_BRIEF_CHARS } from './brief/parse';
import { CorpusStore } from './corpus/corpusStore';
import { nodeFileHost } from './corpus/fileHost';
import { LineMap } from './corpus/positions';
import { checkBrief } from './check/checkBrief';
import type { Finding, FindingCode } from './check/findings';
import type { CorpusProblem } from './corpus/types';

const USAGE = `Usage: groundwork check [options] <files|globs...>

Checks Markdown briefs against their corpus, as the editor does.

Options:
  --corpus <path>         corpus folder or bibliography file (default: ./corpus, as the editor's
                          groundwork.corpus.path); repeat for several; a brief's front matter
                          "bibliography:" is honoured too
  --format <fmt>          text (default: file:line:col: severity: message [code]), json or sarif
  --no-uncited            do not report uncited-claim
  --max-brief-kb <n>      check only the first n KB of larger briefs (default 512)
  -h, --help              show this help

Exit status: 0 no error-level finding, 1 an error-level finding, 2 bad usage or an unreadable corpus.`;

class UsageError extends Error {}

interface Options {
  corpus: string[];
  format: 'text' | 'json' | 'sarif';
  uncited: boolean;
  patterns: string[];
  maxBriefKB: number;
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help') {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (command !== 'check') throw new UsageError(command ? `Unknown command '${command}'.` : 'No command given.');
  const opts: Options = { corpus: [], format: 'text', uncited: true, patterns: [], maxBriefKB: DEFAULT_MAX_BRIEF_CHARS / 1024 };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a === '--corpus') opts.corpus.push(rest[++i] ?? '');
    else if (a.startsWith('--corpus=')) opts.corpus.push(a.slice(9));
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = a.includes('=') ? a.slice(9) : rest[++i];
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`Unknown format '${f}': use text, json or sarif.`);
      opts.format = f;
    } else if (a === '--no-uncited') opts.uncited = false;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option '${a}'.`);
    else opts.patterns.push(a);
  }
  if (opts.corpus.some((c) => !c)) throw new UsageError('--corpus needs a path.');
  if (opts.corpus.length === 0) opts.corpus.push('corpus');
  if (opts.patterns.length === 0) throw new UsageError('No briefs given: name Markdown files, folders or globs.');
  return opts;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** Expands files, folders (their *.md) and simple globs (`*`, `**`, `?`). */
async function expand(pattern: string): Promise<string[]> {
  const stat = await fs.stat(pattern).catch(() => undefined);
  if (stat?.isFile()) return [path.resolve(pattern)];
  if (stat?.isDirectory()) return expand(path.join(pattern, '**/*.md'));
  if (!/[*?]/.test(pattern)) return [];
  const abs = path.resolve(pattern);
  const firstGlob = abs.search(/[*?]/);
  const base = abs.slice(0, abs.lastIndexOf(path.sep, firstGlob));
  const re = globToRegExp(abs);
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (re.test(full)) out.push(full);
    }
  };
  await walk(base);
  return out.sort();
}

interface FileReport {
  file: string;
  text: string;
  findings: Finding[];
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function toSarif(reports: FileReport[], problems: CorpusProblem[]): object {
  const codes: FindingCode[] = ['unknown-source', 'unsupported-claim', 'number-mismatch', 'misdated-claim', 'anachronistic-citation', 'misquote', 'uncited-claim', 'wrong-locator'];
  const results: { ruleId: string; level: string; message: { text: string }; locations: unknown[] }[] = reports.flatMap((r) => {
    const lines = new LineMap(r.text);
    return r.findings.map((f) => {
      const s = lines.positionAt(f.start);
      const e = lines.positionAt(f.end);
      return {
        ruleId: f.code,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(r.file).href }, region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 } } }],
      };
    });
  });
  for (const p of problems) {
    results.push({
      ruleId: 'corpus-problem', level: p.severity, message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(p.file).href }, region: { startLine: p.range.start.line + 1, startColumn: p.range.start.character + 1, endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 } } }],
    });
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: 'groundwork', rules: [...codes, 'corpus-problem'].map((id) => ({ id })) } }, results }],
  };
}

async function main(argv: string[]): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`groundwork: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const files = [...new Set((await Promise.all(opts.patterns.map(expand))).flat())];
  if (files.length === 0) {
    process.stderr.write(`groundwork: no Markdown brief matches ${opts.patterns.join(' ')}.\n`);
    return 2;
  }
  const store = new CorpusStore(nodeFileHost);
  const reports: FileReport[] = [];
  const problems = new Map<string, CorpusProblem>();
  const corpusPath = opts.corpus.map((c) => path.resolve(c));
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      process.stderr.write(`groundwork: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const brief = parseBriefWithin(text, opts.maxBriefKB * 1024);
    if (brief.truncatedAt !== undefined) {
      const line = text.slice(0, brief.truncatedAt).split('\n').length - 1;
      process.stderr.write(`groundwork: ${path.relative(process.cwd(), file)} is ${Math.round(text.length / 1024)} KB, over the ${opts.maxBriefKB} KB limit: only lines 1–${line} are checked (--max-brief-kb to raise it).\n`);
    }
    const bibs = await store.bibliographiesFor(file, brief.frontMatter, { corpusPath, root: process.cwd() });
    if (bibs.length === 0) {
      process.stderr.write(`groundwork: no bibliography found for ${path.relative(process.cwd(), file)}: looked in ${opts.corpus.join(', ')} and the brief's front matter. Pass --corpus <folder|file.json|file.bib>.\n`);
      return 2;
    }
    const corpus = await store.corpusFor(bibs);
    for (const p of corpus.problems) problems.set(`${p.file}:${p.range.start.line}:${p.message}`, p);
    if (corpus.sources.size === 0) {
      const why = corpus.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.range.start.line + 1}: ${p.message}`).join('\n');
      process.stderr.write(`groundwork: the corpus could not be read, no source loaded.\n${why}\n`);
      return 2;
    }
    const disabled = new Set<FindingCode>(opts.uncited ? [] : ['uncited-claim']);
    reports.push({ file, text, findings: checkBrief(brief, corpus, { disabled }) });
  }
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  if (opts.format === 'json') {
    const out = reports.flatMap((r) => {
      const lines = new LineMap(r.text);
      return r.findings.map((f) => {
        const s = lines.positionAt(f.start);
        const e = lines.positionAt(f.end);
        return {
          file: rel(r.file), line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
          severity: f.severity, code: f.code, source: 'groundwork', message: f.message,
          fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((ed) => ({ ...lines.rangeOf(ed.start, ed.end), newText: ed.newText })) })),
          evidence: f.evidence.map((ev) => ({ key: ev.sourceKey, file: ev.file ? rel(ev.file) : undefined, text: ev.text })),
        };
      });
    });
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (opts.format === 'sarif') {
    process.stdout.write(JSON.stringify(toSarif(reports, [...problems.values()]), null, 2) + '\n');
  } else {
    for (const p of problems.values()) {
      process.stdout.write(`${rel(p.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message}\n`);
    }
    for (const r of reports) {
      const lines = new LineMap(r.text);
      for (const f of r.findings) {
        const s = lines.positionAt(f.start);
        process.stdout.write(`${rel(r.file)}:${s.line + 1}:${s.character + 1}: ${f.severity}: ${f.message} [${f.code}]\n`);
      }
    }
    const count = reports.reduce((n, r) => n + r.findings.length, 0);
    process.stderr.write(`groundwork: ${files.length} brief(s) checked, ${count} finding(s).\n`);
  }
  const hasError = reports.some((r) => r.findings.some((f) => f.severity === 'error'));
  return hasError ? 1 : 0;
}

/**
 * Exits once stdout and stderr have taken everything written: process.exit() at once drops what a
 * pipe has not yet read (`groundwork check --format json | jq` got the first 64 KB).
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitWhenFlushed, (e) => {
  process.stderr.write(`groundwork: internal error: ${(e as Error).stack ?? e}\n`);
  exitWhenFlushed(2);
});
