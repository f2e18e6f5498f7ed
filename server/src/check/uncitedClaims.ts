// uncited-claim: a sentence with a checkable fact (a figure, a date, a named entity beyond the
// sentence start) and no citation, which a corpus source clearly supports. The quick fixes cite
// the supporting sources, the best one first (preferred). Opinion and analysis without specifics,
// headings and sentences whose best support is weak are never flagged.
import type { Brief, Claim } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import type { Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';
import type { ClaimSupport, SupportMatch } from './support';
import { assessSupport, excerpt, windowText } from './support';
import { sentenceParts } from './numbers';
import { checkableClaims, evidenceOf } from './unsupportedClaims';
import { findCitations } from '../brief/citations';

/**
 * The best source must cover this share of the sentence's content, and match it on something
 * specific (a figure or date, or a name the corpus does not use everywhere) unless it covers
 * `UNCITED_SUPPORT_ALONE`: "None of this makes Russia a spent force in Central Asia" shares
 * "none", "make", "Russia" and "Central Asia" with a passage, and is an opinion.
 */
export const UNCITED_SUPPORT = 0.6;
export const UNCITED_SUPPORT_ALONE = 0.7;
/** A name weighing this much (rarity, names counted 1.5×) is specific; "Russia" and "Central Asia" in this corpus are not. */
const SPECIFIC_NAME = 2;
/** ...and at least this many of its content terms (a short sentence matching by chance is not a claim). */
const MIN_MATCHED_TERMS = 4;
/** Other sources within this much of the best are offered too. */
const ALSO_OFFER = 0.1;

const MONTH = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/** Whether the sentence states something checkable: a figure, a date or a proper noun beyond its first word. */
export function hasCheckableFact(plain: string): boolean {
  const text = plain.replace(/\s+/g, ' ').trim();
  if (/\d/.test(text.replace(/^\s*\d+[.)]\s/, ''))) return true;
  if (MONTH.test(text)) return true;
  const words = [...text.matchAll(/[\p{L}][\p{L}\p{N}'’-]*/gu)];
  for (let i = 1; i < words.length; i++) {
    const w = words[i][0];
    if (!/^\p{Lu}/u.test(w) || w === 'I') continue;
    // A capital after sentence-internal punctuation that starts a new clause ("...: The") is not a name.
    const before = text.slice(0, words[i].index).trimEnd();
    if (/[:;.!?]$/.test(before) && /^(The|A|An|This|These|That|It|In|On|But|And)$/.test(w)) continue;
    return true;
  }
  return false;
}

/** Words a title leaves in lower case ("Treaty of Friendship and Cooperation", "Security in Central Asia"). */
const TITLE_LINKS = new Set('a an the of and or for in on at to with by from'.split(' '));

/**
 * A name or a title, not a statement: capitalised words (and numbers, and the words a title leaves
 * in lower case) with no closing stop, after any label ("Collective Security Treaty Organization"
 * in a "See also" list, "Topic: Foreign Military Presence and Collective Security in Central Asia").
 */
function isTitleFragment(plain: string): boolean {
  const text = plain.trim().replace(/^\p{Lu}[\p{L} ]{0,20}:\s+/u, '');
  if (/[.!?;]["'”’»)\]]*$/.test(text)) return false;
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (words.length === 0 || words.length > 12) return false;
  return words.every((w, i) => /^\p{Lu}/u.test(w) || /^\d/.test(w) || (i > 0 && TITLE_LINKS.has(w)));
}

/** A question asks; it states nothing to cite ("Is the Kant air base being reinforced?"). */
export function isQuestion(plain: string): boolean {
  return /\?["'”’»)\]]*\s*$/.test(plain);
}

/** Where `[@key]` goes: before the sentence's final punctuation (after a closing quotation mark). */
export function citationInsertOffset(claim: Claim): number {
  const plain = claim.plain;
  let end = plain.trimEnd().length;
  if (claim.block === 'tableRow') {
    // After the last non-empty cell's content.
    const trimmed = plain.trimEnd().replace(/\|\s*$/, '');
    return claim.start + trimmed.trimEnd().length;
  }
  const tail = plain.slice(0, end);
  const m = /([.!?;:]+)(["'”’»)\]]*)$/.exec(tail);
  if (m) {
    if (m[2]) return claim.start + end; // `...threats."` → after the quotation
    end -= m[0].length;
  }
  return claim.start + end;
}

/**
 * The part after a colon that a clause introduces ("Kant's military history predates all of
 * this: the town hosted …"), the rest blanked; not a label's ("**Myth:** …", "**To:** …").
 */
function statedAfterColon(plain: string): string[] {
  return sentenceParts(plain)
    .filter((p, i, all) => i > 0 && /:\s$/.test(plain.slice(p.start - 1, p.start + 1)) && words(plain.slice(all[i - 1].start, all[i - 1].end)) >= 3 && words(plain.slice(p.start, p.end)) >= 8)
    .map((p) => p.plain);
}

const words = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

/** Longest trailing remark after a comma that may hide the fact before it ("…, well after the Soviet collapse"). */
const MAX_REMARK_WORDS = 6;

/**
 * The sentence without a short closing remark of the writer's ("The Kant air base itself was
 * established in 2003, well after the Soviet collapse"), when what comes before stands as a
 * statement of its own; [] otherwise.
 */
function statedBeforeRemark(plain: string): string[] {
  const comma = plain.trimEnd().lastIndexOf(',');
  if (comma < 0) return [];
  const remark = plain.slice(comma + 1);
  if (words(remark) > MAX_REMARK_WORDS || /\d/.test(remark) || words(plain.slice(0, comma)) < 6) return [];
  return [plain.slice(0, comma) + ' '.repeat(plain.length - comma)];
}

/**
 * A recommendation of the writer's with no figure or date ("Any assessment … should start from
 * that figure"): what it asks for is not a fact to cite.
 */
function isRecommendation(plain: string): boolean {
  return /\b(?:should|ought\s+to)\b/i.test(plain) && !/\d/.test(plain) && !MONTH.test(plain);
}

/** A relative clause set off by commas, inside the sentence ("…, through which some of Tulpar's routes pass, …"). */
const ASIDE = /,\s*(?:(?:through|in|at|by|for|from|with|under|on|across|via)\s+)?(?:which|whom|whose|where)\b[^,;:.]*,/giu;

/**
 * The sentence without the writer's relative clause set off by commas ("Russia's 201st base in
 * Tajikistan, through which some of Tulpar's southern routes pass, was formally established in
 * 2004 …"), when what remains still states something; [] otherwise.
 */
function statedWithoutAside(plain: string): string[] {
  const out: string[] = [];
  for (const m of plain.matchAll(ASIDE)) {
    const at = m.index ?? 0;
    const without = plain.slice(0, at) + ' '.repeat(m[0].length - 1) + plain.slice(at + m[0].length - 1);
    if (words(without) >= 6) out.push(without);
  }
  return out;
}

export function findUncitedClaims(brief: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  for (const claim of checkableClaims(brief)) {
    if (claim.citations.length > 0 || claim.citedInNote) continue;
    if (isQuestion(claim.plain) || !hasCheckableFact(claim.plain) || isRecommendation(claim.plain) || isTitleFragment(claim.plain)) continue;
    // A sentence in bold that heads cited prose is backed by that citation.
    if (claim.headsCited) continue;
    // The whole sentence, or failing that a part of it after a colon, semicolon or dash ("Kant's
    // history predates all this: the town hosted the Odessa … school from 1941, …"), before a
    // short closing remark or around a relative clause of the writer's: the writer's words around
    // a fact do not make it any less one to cite.
    let support: ClaimSupport | undefined;
    let best: SupportMatch | undefined;
    for (const plain of [claim.plain, ...statedAfterColon(claim.plain), ...statedBeforeRemark(claim.plain), ...statedWithoutAside(claim.plain)]) {
      const s = assessSupport(corpus, plain, [], true);
      const b = s.others[0];
      if (!b || b.coverage < UNCITED_SUPPORT || b.matched.size < MIN_MATCHED_TERMS) continue;
      const specific = s.profile.terms.some((t) => b.matched.has(t.term) && (t.kind === 'number' || (t.kind === 'name' && t.weight >= SPECIFIC_NAME)));
      if (!specific && b.coverage < UNCITED_SUPPORT_ALONE) continue;
      [support, best] = [s, b];
      break;
    }
    if (!support || !best) continue;
    const top = best;
    const offered = support.others.filter((o) => o.coverage >= UNCITED_SUPPORT && o.coverage >= top.coverage - ALSO_OFFER).slice(0, 3);
    const at = citationInsertOffset(claim);
    const fixes: Fix[] = offered.map((o, i) => ({
      title: `Cite '${o.key}'`,
      edits: [{ start: at, end: at, newText: ` [@${o.key}]` }],
      preferred: i === 0,
    }));
    const agree = offered.length > 1 ? ` ${offered.slice(1).map((o) => `'${o.key}'`).join(' and ')} ${offered.length > 2 ? 'say' : 'says'} so too.` : '';
    const start = claim.start + (claim.plain.length - claim.plain.trimStart().length);
    findings.push({
      code: 'uncited-claim',
      severity: SEVERITY_OF['uncited-claim'],
      start,
      end: claim.start + claim.plain.trimEnd().length,
      message: `This factual sentence has no citation; '${best.key}' supports it: "${excerpt(windowText(corpus, best), 140)}".${agree}`,
      fixes,
      evidence: offered.map((o) => evidenceOf(corpus, o, `${o.key} supports the sentence`)),
    });
  }
  return findings;
}
