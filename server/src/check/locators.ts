// wrong-locator: a page locator (`[@key, p. 4]`, `pp. 3-5`) of a source with page numbers (a
// PDF) that does not hold the passage supporting the sentence. Judged only when the cited source
// clearly supports the sentence and no passage on the cited pages supports it about as well; the
// quick fix changes the page number text to the supporting passage's page.
import type { Brief, Claim } from '../brief/parse';
import { citedPlain } from '../brief/parse';
import type { Citation } from '../brief/citations';
import type { Corpus } from '../corpus/corpus';
import type { Finding } from './findings';
import { SEVERITY_OF } from './findings';
import type { SupportMatch } from './support';
import { assessSupport, bestWindow, excerpt, windowText } from './support';
import { SUPPORTED, checkableClaims, evidenceOf } from './unsupportedClaims';

/** Sentences with less content than this (summed term weight) are not judged. */
const MIN_CONTENT = 3;
/** A passage on a cited page this close to the best one also supports the sentence. */
const ALSO_SUPPORTS = 0.1;

/** Pages a locator value names: `4`, `3-5`, `3–5, 9`; undefined when any part is not a plain number. */
export function locatorPages(value: string): { from: number; to: number }[] | undefined {
  const ranges: { from: number; to: number }[] = [];
  for (const part of value.split(',')) {
    const m = /^\s*(\d{1,5})\s*(?:[-–—]\s*(\d{1,5}))?\s*$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    let to = m[2] ? Number(m[2]) : from;
    // `pp. 123-7` abbreviates the second page.
    if (m[2] && m[2].length < m[1].length && to < from) to = Number(m[1].slice(0, m[1].length - m[2].length) + m[2]);
    if (to < from) return undefined;
    ranges.push({ from, to });
  }
  return ranges.length ? ranges : undefined;
}

/** Document offsets of the locator (label and value) and of its value, in the citation's text. */
export function locatorSpan(text: string, c: Citation): { start: number; end: number; valueStart: number; valueEnd: number } | undefined {
  if (!c.locator) return undefined;
  const after = text.slice(c.keyEnd, c.end);
  const m = /^(\}?\s*,?\s*)([^\s\d,;]+\s*)?/.exec(after);
  const lead = m ? m[1].length : 0;
  const label = m?.[2] ?? '';
  const at = after.indexOf(c.locator.value, lead + label.length);
  if (at < 0) return undefined;
  const start = c.keyEnd + lead;
  const valueStart = c.keyEnd + at;
  return { start, end: valueStart + c.locator.value.length, valueStart, valueEnd: valueStart + c.locator.value.length };
}

function pageOfOffset(corpus: Corpus, key: string, offset: number): number | undefined {
  let page: number | undefined;
  for (const p of corpus.passagesBySource.get(key) ?? []) {
    if (p.start > offset) break;
    page = p.page;
  }
  return page;
}

/** The pages of the supporting window (it may start in the passage before, on the previous page). */
function windowPages(corpus: Corpus, m: SupportMatch): number[] {
  const last = m.passage.page;
  const first = m.start < m.passage.start ? pageOfOffset(corpus, m.key, m.start) : last;
  return [...new Set([first, last].filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
}

const inRanges = (page: number, ranges: { from: number; to: number }[]) => ranges.some((r) => page >= r.from && page <= r.to);

function judge(claim: Claim, c: Citation, corpus: Corpus): { match: SupportMatch; pages: number[] } | undefined {
  if (c.locator?.label !== 'page') return undefined;
  const ranges = locatorPages(c.locator.value);
  const passages = corpus.passagesBySource.get(c.key) ?? [];
  if (!ranges || !corpus.get(c.key)?.text) return undefined;
  const lastPage = passages.reduce((n, p) => Math.max(n, p.page ?? 0), 0);
  // No page numbers (a text file), or a locator beyond the file's pages (printed page numbers of
  // a journal, an excerpt): nothing to compare.
  if (lastPage === 0 || ranges.some((r) => r.to > lastPage)) return undefined;
  const support = assessSupport(corpus, citedPlain(claim), [c.key]);
  if (support.profile.total < MIN_CONTENT) return undefined;
  const match = support.cited[0]?.match;
  if (!match || match.coverage < SUPPORTED) return undefined;
  const pages = windowPages(corpus, match);
  if (pages.length === 0 || pages.some((p) => inRanges(p, ranges))) return undefined;
  // The sentence may be supported on the cited page too (an abstract and a chapter say the same).
  const enough = Math.max(SUPPORTED, match.coverage - ALSO_SUPPORTS);
  for (const p of passages) {
    if (p.page !== undefined && inRanges(p.page, ranges) && bestWindow(corpus, support.profile, p).coverage >= enough) return undefined;
  }
  return { match, pages };
}

export function findWrongLocators(b: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  for (const claim of checkableClaims(b)) {
    for (const c of claim.citations) {
      if (!c.key || !c.locator) continue;
      const verdict = judge(claim, c, corpus);
      if (!verdict) continue;
      const span = locatorSpan(b.text, c);
      if (!span) continue;
      const { match, pages } = verdict;
      const right = pages.length === 1 ? `p. ${pages[0]}` : `pp. ${pages[0]}-${pages[pages.length - 1]}`;
      const cited = /[-–—,]/.test(c.locator!.value) ? `pp. ${c.locator!.value}` : `p. ${c.locator!.value}`;
      const newText = pages.length === 1 ? String(pages[0]) : `${pages[0]}-${pages[pages.length - 1]}`;
      findings.push({
        code: 'wrong-locator',
        severity: SEVERITY_OF['wrong-locator'],
        start: span.start,
        end: span.end,
        message: `The passage that supports this sentence is on ${right} of ${c.key}, not ${cited}: "${excerpt(windowText(corpus, match), 90)}"`,
        fixes: [{ title: `Change the page to ${newText}`, edits: [{ start: span.valueStart, end: span.valueEnd, newText }], preferred: true }],
        evidence: [evidenceOf(corpus, match, `The supporting passage, on ${right} of ${c.key}`)],
      });
    }
  }
  return findings;
}
