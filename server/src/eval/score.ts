// Scores the checker against a labelled set (the format of the samples' labels.json): per-code
// precision/recall/F1, micro-F1, false alarms on correct claims, quick-fix accuracy, and the
// completion and hover probes. Pure: the caller supplies the brief texts and the corpus.
import { parseBrief } from '../brief/parse';
import type { Brief } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { LineMap } from '../corpus/positions';
import { normalizeText } from '../corpus/text';
import { checkBrief } from '../check/checkBrief';
import type { Finding, Fix } from '../check/findings';
import { citationContextAt, rankCompletions, sentenceAt } from '../features/completion';
import { findCitations } from '../brief/citations';

export type LabelFix = { kind: 'replace'; old: string; new: string } | { kind: 'cite'; key: string } | null;

export interface LabelledClaim {
  id: string;
  file: string;
  line: number;
  text: string;
  cites?: string[];
  label: string;
  expect_codes: string[];
  also_acceptable?: string[];
  fix?: LabelFix;
  note?: string;
}

export interface CompletionProbe {
  id: string;
  file: string;
  line: number;
  character: number;
  expect_top3: string[];
  note?: string;
}

export interface HoverProbe {
  id: string;
  file: string;
  line: number;
  character: number;
  key: string;
  expect_contains: string[];
  note?: string;
}

export interface Labels {
  claims: LabelledClaim[];
  completion_probes?: CompletionProbe[];
  hover_probes?: HoverProbe[];
}

export interface CodeScore {
  code: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClaimResult {
  id: string;
  label: string;
  expected: string[];
  got: string[];
  /** Codes reported that are neither expected nor acceptable. */
  falsePositives: string[];
  missed: string[];
  fix?: { expected: LabelFix; ok: boolean; detail: string };
  messages: string[];
}

export interface UnlabelledFinding {
  file: string;
  line: number;
  code: string;
  text: string;
  message: string;
}

export interface EvalReport {
  claims: ClaimResult[];
  codes: CodeScore[];
  micro: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
  falseAlarms: { ok: number; flagged: number; rate: number; ids: string[] };
  fixes: { labelled: number; detected: number; correct: number; accuracy: number; accuracyAll: number };
  completion: { probes: number; first: number; top3: number; details: { id: string; expected: string; got: string[] }[] };
  hover: { probes: number; ok: number; details: { id: string; ok: boolean; passage?: string }[] };
  unlabelled: UnlabelledFinding[];
  /** Milliseconds spent in checkBrief per brief. */
  timings: { file: string; ms: number }[];
}

const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : 0) : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

interface BriefRun {
  brief: Brief;
  lines: LineMap;
  findings: Finding[];
}

/** Where a labelled claim's text is in its brief: document offsets. */
export function claimSpan(text: string, lines: LineMap, c: LabelledClaim): { start: number; end: number } | undefined {
  const lineStart = lines.offsetAt({ line: c.line - 1, character: 0 });
  const lineEnd = text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart);
  const i = text.slice(lineStart, lineEnd).indexOf(c.text);
  if (i < 0) return undefined;
  return { start: lineStart + i, end: lineStart + i + c.text.length };
}

export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.preferred) ?? f.fixes[0];
}

/** The keys the sentences overlapping start..end cite, their notes' included. */
function citedKeys(brief: Brief, start: number, end: number): string[] {
  return brief.claims.filter((c) => c.start < end && c.end > start).flatMap((c) => c.citations.map((x) => x.key));
}

/** Whether applying the finding's preferred fix does what the label's fix says. */
export function fixMatches(text: string, span: { start: number; end: number }, expected: NonNullable<LabelFix>, finding: Finding): { ok: boolean; detail: string } {
  const fix = preferredFix(finding);
  if (!fix) return { ok: false, detail: 'no fix offered' };
  const after = applyFix(text, fix);
  if (expected.kind === 'replace') {
    const claim = text.slice(span.start, span.end);
    const i = claim.indexOf(expected.old);
    if (i < 0) return { ok: false, detail: `label's "${expected.old}" not in the claim` };
    const want = text.slice(0, span.start + i) + expected.new + text.slice(span.start + i + expected.old.length);
    return after === want ? { ok: true, detail: fix.title } : { ok: false, detail: `fix "${fix.title}" gives a different text` };
  }
  // cite: the fix must make the claim cite the key (in it, or in a note it points to).
  const delta = after.length - text.length;
  const keys = citedKeys(parseBrief(after), span.start, Math.max(span.start + 1, span.end + delta));
  const before = citedKeys(parseBrief(text), span.start, span.end);
  const ok = keys.includes(expected.key) && (!before.includes(expected.key) || keys.length !== before.length);
  return { ok, detail: ok ? fix.title : `fix "${fix.title}" does not cite ${expected.key}` };
}

export function evaluate(labels: Labels, readBrief: (file: string) => string, corpus: Corpus): EvalReport {
  const runs = new Map<string, BriefRun>();
  const timings: { file: string; ms: number }[] = [];
  const run = (file: string): BriefRun => {
    let r = runs.get(file);
    if (!r) {
      const text = readBrief(file);
      const t0 = performance.now();
      const brief = parseBrief(text);
      const findings = checkBrief(brief, corpus);
      timings.push({ file, ms: Math.round((performance.now() - t0) * 10) / 10 });
      r = { brief, lines: new LineMap(text), findings };
      runs.set(file, r);
    }
    return r;
  };

  const claimResults: ClaimResult[] = [];
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (code: string, k: 'tp' | 'fp' | 'fn') => {
    if (!counts.has(code)) counts.set(code, { tp: 0, fp: 0, fn: 0 });
    counts.get(code)![k]++;
  };
  const claimed = new Set<Finding>();
  let fixLabelled = 0;
  let fixDetected = 0;
  let fixCorrect = 0;

  // Findings per labelled claim: same line, overlapping the claim text's span on that line.
  const byFile = new Map<string, LabelledClaim[]>();
  for (const c of labels.claims) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const assigned = new Map<LabelledClaim, Finding[]>();
  for (const [file, claims] of byFile) {
    const r = run(file);
    const spans = new Map(claims.map((c) => [c, claimSpan(r.brief.text, r.lines, c)]));
    for (const f of r.findings) {
      const line = r.lines.positionAt(f.start).line + 1;
      let best: LabelledClaim | undefined;
      let bestOverlap = -1;
      for (const c of claims) {
        const s = spans.get(c);
        if (!s || c.line !== line) continue;
        const overlap = Math.min(s.end, Math.max(f.end, f.start + 1)) - Math.max(s.start, f.start);
        if (overlap > bestOverlap && overlap > 0) {
          best = c;
          bestOverlap = overlap;
        }
      }
      if (best) {
        assigned.set(best, [...(assigned.get(best) ?? []), f]);
        claimed.add(f);
      }
    }
  }

  for (const c of labels.claims) {
    const r = run(c.file);
    const found = assigned.get(c) ?? [];
    const got: string[] = [...new Set(found.map((f) => f.code as string))].sort();
    const expected = [...new Set(c.expect_codes)];
    const acceptable = new Set([...expected, ...(c.also_acceptable ?? [])]);
    const falsePositives = got.filter((g) => !acceptable.has(g));
    const missed = expected.filter((e) => !got.includes(e));
    for (const e of expected) bump(e, got.includes(e) ? 'tp' : 'fn');
    for (const g of falsePositives) bump(g, 'fp');
    const result: ClaimResult = { id: c.id, label: c.label, expected, got, falsePositives, missed, messages: found.map((f) => `[${f.code}] ${f.message}`) };
    if (c.fix) {
      fixLabelled++;
      const span = claimSpan(r.brief.text, r.lines, c);
      const candidates = found.filter((f) => f.code === c.label).concat(found.filter((f) => f.code !== c.label && expected.includes(f.code)));
      const withFix = candidates.find((f) => f.fixes.length > 0) ?? candidates[0];
      if (withFix && span) {
        fixDetected++;
        const m = fixMatches(r.brief.text, span, c.fix, withFix);
        if (m.ok) fixCorrect++;
        result.fix = { expected: c.fix, ...m };
      } else {
        result.fix = { expected: c.fix, ok: false, detail: span ? 'expected finding not reported' : 'claim text not found on its line' };
      }
    }
    claimResults.push(result);
  }

  const codes: CodeScore[] = [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([code, k]) => {
      const precision = ratio(k.tp, k.tp + k.fp);
      const recall = ratio(k.tp, k.tp + k.fn);
      return { code, ...k, precision, recall, f1: f1(precision, recall) };
    });
  const tp = codes.reduce((s, c) => s + c.tp, 0);
  const fp = codes.reduce((s, c) => s + c.fp, 0);
  const fn = codes.reduce((s, c) => s + c.fn, 0);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);

  const okClaims = claimResults.filter((c) => c.expected.length === 0 && c.label === 'ok');
  const flagged = okClaims.filter((c) => c.got.length > 0);

  const unlabelled: UnlabelledFinding[] = [];
  for (const [file, r] of runs) {
    for (const f of r.findings) {
      if (claimed.has(f)) continue;
      const claim = r.brief.claims.find((c) => f.start >= c.start && f.start <= c.end);
      unlabelled.push({
        file,
        line: r.lines.positionAt(f.start).line + 1,
        code: f.code,
        text: (claim?.text ?? r.brief.text.slice(f.start, f.end)).replace(/\s+/g, ' ').slice(0, 140),
        message: f.message,
      });
    }
  }

  // Completion probes: the ranking completion offers right after `[@`.
  const completionDetails: EvalReport['completion']['details'] = [];
  let first = 0;
  let top3 = 0;
  for (const p of labels.completion_probes ?? []) {
    const r = run(p.file);
    const offset = r.lines.offsetAt({ line: p.line - 1, character: p.character });
    const ctx = citationContextAt(r.brief, offset);
    const ranked = rankCompletions(corpus, sentenceAt(r.brief, offset), ctx?.typed ?? '').map((x) => x.source.key);
    if (ranked[0] === p.expect_top3[0]) first++;
    if (ranked.slice(0, 3).includes(p.expect_top3[0])) top3++;
    completionDetails.push({ id: p.id, expected: p.expect_top3[0], got: ranked.slice(0, 3) });
  }

  // Hover probes: the best passage of the hovered key for the sentence holds the expected phrases.
  const hoverDetails: EvalReport['hover']['details'] = [];
  let hoverOk = 0;
  const norm = (s: string) => normalizeText(s).replace(/\s+/g, ' ').toLowerCase();
  for (const p of labels.hover_probes ?? []) {
    const r = run(p.file);
    const offset = r.lines.offsetAt({ line: p.line - 1, character: p.character });
    const citation = r.brief.citations.find((c) => c.key && offset >= c.keyStart - 1 && offset <= c.keyEnd);
    const key = citation?.key ?? p.key;
    const best = corpus.bestPassage(sentenceAt(r.brief, offset), key);
    const passage = best ? norm(best.passage.text) : '';
    const ok = Boolean(best) && key === p.key && p.expect_contains.every((phrase) => passage.includes(norm(phrase)));
    if (ok) hoverOk++;
    hoverDetails.push({ id: p.id, ok, passage: best?.passage.text.slice(0, 160) });
  }

  return {
    claims: claimResults,
    codes,
    micro: { tp, fp, fn, precision, recall, f1: f1(precision, recall) },
    falseAlarms: { ok: okClaims.length, flagged: flagged.length, rate: ratio(flagged.length, okClaims.length), ids: flagged.map((c) => c.id) },
    fixes: { labelled: fixLabelled, detected: fixDetected, correct: fixCorrect, accuracy: ratio(fixCorrect, fixDetected), accuracyAll: ratio(fixCorrect, fixLabelled) },
    completion: { probes: completionDetails.length, first, top3, details: completionDetails },
    hover: { probes: hoverDetails.length, ok: hoverOk, details: hoverDetails },
    unlabelled,
    timings,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);

/** A readable report: the per-code table, the summary and the misses. */
export function formatReport(report: EvalReport, title = ''): string {
  const out: string[] = [];
  if (title) out.push(title, '');
  out.push('code                     TP  FP  FN  precision  recall     F1');
  for (const c of report.codes) {
    out.push(`${c.code.padEnd(23)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}     ${pct(c.precision)}  ${pct(c.recall)} ${pct(c.f1)}`);
  }
  const m = report.micro;
  out.push(`${'micro'.padEnd(23)} ${String(m.tp).padStart(3)} ${String(m.fp).padStart(3)} ${String(m.fn).padStart(3)}     ${pct(m.precision)}  ${pct(m.recall)} ${pct(m.f1)}`);
  out.push('');
  out.push(`micro-F1:              ${m.f1.toFixed(3)}`);
  out.push(`false alarms (ok):     ${report.falseAlarms.flagged}/${report.falseAlarms.ok} = ${pct(report.falseAlarms.rate).trim()}${report.falseAlarms.ids.length ? '  (' + report.falseAlarms.ids.join(', ') + ')' : ''}`);
  out.push(`quick fixes correct:   ${report.fixes.correct}/${report.fixes.detected} detected = ${pct(report.fixes.accuracy).trim()}  (${report.fixes.correct}/${report.fixes.labelled} of all labelled fixes = ${pct(report.fixes.accuracyAll).trim()})`);
  if (report.completion.probes) out.push(`completion probes:     first ${report.completion.first}/${report.completion.probes}, top-3 ${report.completion.top3}/${report.completion.probes}`);
  if (report.hover.probes) out.push(`hover probes:          ${report.hover.ok}/${report.hover.probes}`);
  out.push(`check time per brief:  ${report.timings.map((t) => `${t.ms} ms`).join(', ')}`);
  const wrong = report.claims.filter((c) => c.falsePositives.length || c.missed.length || (c.fix && !c.fix.ok));
  if (wrong.length) {
    out.push('', 'Claims not scored perfectly:');
    for (const c of wrong) {
      const parts = [];
      if (c.missed.length) parts.push(`missed ${c.missed.join(', ')}`);
      if (c.falsePositives.length) parts.push(`extra ${c.falsePositives.join(', ')}`);
      if (c.fix && !c.fix.ok) parts.push(`fix: ${c.fix.detail}`);
      out.push(`  ${c.id.padEnd(8)} ${c.label.padEnd(22)} ${parts.join('; ')}`);
    }
  }
  const fp = report.claims.filter((c) => c.falsePositives.length);
  if (fp.length) {
    out.push('', 'Messages on false positives:');
    for (const c of fp) for (const msg of c.messages) out.push(`  ${c.id}: ${msg.slice(0, 300)}`);
  }
  if (report.unlabelled.length) {
    out.push('', `Findings on unlabelled sentences (not scored): ${report.unlabelled.length}`);
    for (const u of report.unlabelled) out.push(`  ${u.file}:${u.line} [${u.code}] ${u.text}`);
  }
  const badProbes = report.completion.details.filter((d) => d.got[0] !== d.expected);
  for (const d of badProbes) out.push(`  completion ${d.id}: expected ${d.expected} first, got ${d.got.join(', ')}`);
  for (const d of report.hover.details.filter((h) => !h.ok)) out.push(`  hover ${d.id}: best passage "${d.passage ?? ''}"`);
  return out.join('\n');
}
