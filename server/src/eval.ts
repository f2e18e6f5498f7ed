// `npm run eval -- <labels.json> [--corpus <dir>] [--json]`: scores the checker against a
// labelled set of briefs (the format of the samples' labels.json). Briefs are resolved relative
// to the labels file; the corpus is --corpus, else a `corpus/` next to the labels file, else
// ./corpus, else the repository's corpus/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBibliographies, loadCorpus } from './corpus/corpus';
import { nodeFileHost } from './corpus/fileHost';
import type { Labels } from './eval/score';
import { evaluate, formatReport } from './eval/score';

const USAGE = `Usage: npm run eval -- <labels.json>... [--corpus <dir|bibliography>] [--json]

Scores the checker against labelled briefs: per-code precision/recall/F1, micro-F1,
false alarms on correct claims, quick-fix accuracy, completion and hover probes.`;

function defaultCorpus(labelsPath: string): string {
  const candidates = [path.join(path.dirname(labelsPath), 'corpus'), path.resolve('corpus'), path.resolve(__dirname, '..', 'corpus')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[candidates.length - 1];
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let corpusPath: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a === '--corpus') corpusPath = argv[++i];
    else if (a.startsWith('--corpus=')) corpusPath = a.slice(9);
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) {
      process.stderr.write(`eval: unknown option '${a}'.\n\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(`eval: no labels file given.\n\n${USAGE}\n`);
    return 2;
  }
  const reports = [];
  for (const file of files) {
    const labelsPath = path.resolve(file);
    const labels = JSON.parse(fs.readFileSync(labelsPath, 'utf8')) as Labels;
    const corpusDir = path.resolve(corpusPath ?? defaultCorpus(labelsPath));
    const bibs = await findBibliographies(corpusDir, nodeFileHost);
    if (bibs.length === 0) {
      process.stderr.write(`eval: no bibliography found in ${corpusDir}; pass --corpus <dir>.\n`);
      return 2;
    }
    const corpus = await loadCorpus(bibs, nodeFileHost);
    const report = evaluate(labels, (f) => fs.readFileSync(path.resolve(path.dirname(labelsPath), f), 'utf8'), corpus);
    reports.push({ labels: file, corpus: corpusDir, ...report });
    if (!json) process.stdout.write(formatReport(report, `${file} (corpus: ${path.relative(process.cwd(), corpusDir) || corpusDir})`) + '\n\n');
  }
  if (json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`eval: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);
