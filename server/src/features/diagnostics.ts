// Findings and corpus problems → LSP diagnostics (the only place they meet LSP types).
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../check/findings';
import type { CorpusProblem, Source } from '../corpus/types';
import type { Corpus } from '../corpus/corpus';
import { LineMap } from '../corpus/positions';

export const DIAGNOSTIC_SOURCE = 'groundwork';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const evidenceMaps = new WeakMap<object, LineMap>();

function sourceRange(source: Source | undefined, start: number, end: number): Range {
  if (!source?.text) return Range.create(0, 0, 0, 0);
  let map = evidenceMaps.get(source);
  if (!map) evidenceMaps.set(source, (map = new LineMap(source.text)));
  return map.rangeOf(start, end);
}

export function toDiagnostic(doc: TextDocument, finding: Finding, corpus?: Corpus): Diagnostic {
  const diagnostic: Diagnostic = {
    range: Range.create(doc.positionAt(finding.start), doc.positionAt(finding.end)),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    message: finding.message,
  };
  const related = finding.evidence
    .filter((e) => e.file)
    .map((e) => ({
      location: { uri: pathToFileURL(e.file!).href, range: sourceRange(corpus?.get(e.sourceKey), e.start, e.end) },
      message: e.message,
    }));
  if (related.length) diagnostic.relatedInformation = related;
  if (finding.code === 'uncited-claim') diagnostic.tags = [] as DiagnosticTag[];
  return diagnostic;
}

export function problemToDiagnostic(problem: CorpusProblem): Diagnostic {
  return {
    range: problem.range,
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
}

/** Said once at the top of a brief over the size limit: what was checked and how to change it. */
export function truncationDiagnostic(doc: TextDocument, truncatedAt: number, limitKB: number): Diagnostic {
  const size = Math.round(doc.getText().length / 1024);
  const at = doc.positionAt(truncatedAt);
  return {
    range: Range.create(0, 0, 0, 0),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `This brief is ${size} KB, over the ${limitKB} KB limit (groundwork.limits.maxBriefKB): only lines 1–${at.line} are checked. Split the brief or raise the limit.`,
  };
}
