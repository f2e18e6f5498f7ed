// Runs every check on a brief against its corpus and returns plain findings, sorted.
import type { Brief, Claim } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import type { Cancellation } from '../corpus/types';
import { NEVER_CANCELLED } from '../corpus/types';
import type { Finding, FindingCode } from './findings';
import { findUnknownSources } from './unknownSources';
import { findUnsupportedClaims } from './unsupportedClaims';
import { findMisquotes } from './misquotes';
import { findUncitedClaims } from './uncitedClaims';
import { citedElsewhere } from '../brief/footnotes';
import { findNumberMismatches } from './numbers';
import { findDateProblems } from './dates';
import { findWrongLocators } from './locators';
import { prepareSupport } from './support';
import type { ClaimFindingsStore } from './persistedFindings';

export interface CheckOptions {
  /** Codes to leave out (e.g. 'uncited-claim' when the user turned it off). */
  disabled?: ReadonlySet<FindingCode>;
  token?: Cancellation;
  /**
   * Claims' findings kept beyond this process (PersistedFindings), consulted when the memory
   * cache has none; it must be stamped with this corpus's content (Corpus.contentStamp).
   */
  store?: ClaimFindingsStore;
  /** Who the brief is (its URI) for `store.keep`: the store keeps each brief's latest check. */
  owner?: string;
  /** Do the corpus's one-time work as pausable steps before the first claim checked (sliced checks). */
  warmUp?: boolean;
}

/**
 * Findings of one claim, with offsets relative to the claim's start, cached per corpus by what
 * the checks read of a claim. Every check judges a claim on its own (its sentence, citations and
 * quotations), so after an edit only the sentences that changed are checked again.
 */
const claimCache = new WeakMap<Corpus, Map<string, Finding[]>>();
const MAX_CACHED_CLAIMS = 50_000;

function claimKey(brief: Brief, claim: Claim, inReferences: boolean, disabled: ReadonlySet<FindingCode> | undefined): string {
  // The citations of the notes it points to are read too, and findings and fixes on them are
  // kept relative to the claim: their text and that distance are part of the key.
  const noted = claim.citations
    .filter((c) => citedElsewhere(claim, c))
    .map((c) => `${c.start - claim.start}:${brief.text.slice(c.group?.start ?? c.start, c.group?.end ?? c.end)}`)
    .join('\u0001');
  return [claim.block, claim.container ?? '', inReferences ? 'R' : '', claim.citedInNote ? 'N' : '', claim.headsCited ? 'H' : '', claim.referenceEntry ? 'E' : '', noted, disabled ? [...disabled].sort().join(',') : '', claim.plain, claim.text].join('\u0000');
}

function shift(finding: Finding, by: number): Finding {
  return {
    ...finding,
    start: finding.start + by,
    end: finding.end + by,
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })),
  };
}

/** A claim's findings, check by check (a sliced check may pause between two; one can take 50 ms). */
function* checkClaim(brief: Brief, claim: Claim, corpus: Corpus, disabled: ReadonlySet<FindingCode> | undefined): Generator<void, Finding[]> {
  const one: Brief = { ...brief, claims: [claim], citations: claim.citations };
  const findings: Finding[] = [];
  findings.push(...findUnknownSources(one, corpus));
  yield;
  if (!disabled?.has('unsupported-claim')) findings.push(...findUnsupportedClaims(one, corpus));
  yield;
  if (!disabled?.has('misquote')) findings.push(...findMisquotes(one, corpus));
  if (!disabled?.has('uncited-claim')) findings.push(...findUncitedClaims(one, corpus));
  yield;
  if (!disabled?.has('number-mismatch')) findings.push(...findNumberMismatches(one, corpus));
  yield;
  findings.push(...findDateProblems(one, corpus, { misdated: !disabled?.has('misdated-claim'), anachronism: !disabled?.has('anachronistic-citation') }));
  if (!disabled?.has('wrong-locator')) findings.push(...findWrongLocators(one, corpus));
  return findings.filter((f) => !disabled?.has(f.code));
}

/**
 * The claims' findings into `findings`, claim by claim (cached per corpus); pauses (yields) after
 * each claim checked anew. Returns false when cancelled.
 */
function* checkClaims(brief: Brief, corpus: Corpus, options: CheckOptions, findings: Finding[]): Generator<void, boolean> {
  const token = options.token ?? NEVER_CANCELLED;
  const disabled = options.disabled;
  let cache = claimCache.get(corpus);
  if (!cache) claimCache.set(corpus, (cache = new Map()));
  if (cache.size > MAX_CACHED_CLAIMS) cache.clear();
  const refs = brief.references;
  let warmed = false;
  const keys: string[] = [];
  const reported = new Set<string>();
  for (const claim of brief.claims) {
    if (token.isCancellationRequested) return false;
    const inReferences = Boolean(refs && claim.start >= refs.start && claim.start < refs.end);
    const key = claimKey(brief, claim, inReferences, disabled);
    keys.push(key);
    let relative = cache.get(key);
    if (!relative && options.store) {
      relative = options.store.get(key);
      if (relative) cache.set(key, relative);
    }
    const checked = !relative;
    if (!relative) {
      // (Only a brief with a claim to check pays the corpus's one-time work.)
      if (!warmed && options.warmUp) {
        for (const _ of warmUp(corpus)) yield;
        warmed = true;
      }
      const steps = checkClaim(brief, claim, corpus, disabled);
      let step = steps.next();
      while (!step.done) {
        yield;
        if (token.isCancellationRequested) return false;
        step = steps.next();
      }
      relative = step.value.map((f) => shift(f, -claim.start));
      cache.set(key, relative);
      options.store?.set(key, relative);
    }
    for (const f of relative) {
      // (A note's citation is judged with the note and with the sentence pointing to it: once.)
      const at = `${f.code}\u0000${f.start + claim.start}\u0000${f.end + claim.start}`;
      if (reported.has(at)) continue;
      reported.add(at);
      findings.push(shift(f, claim.start));
    }
    if (checked) yield;
  }
  if (options.owner !== undefined) options.store?.keep?.(options.owner, keys);
  return true;
}

/**
 * The one-time work of a corpus's first check (tens of milliseconds each at 10,000 sources), as
 * steps a sliced check can pause between rather than inside its first claims. Done steps are free.
 */
function* warmUp(corpus: Corpus): Generator<void> {
  if (prepareSupport(corpus)) yield;
  if (corpus.prepareNearestKeys()) yield;
  // Score bounds of the common terms, for the corpus-wide searches (in ~4 ms steps).
  while (!corpus.index.prepareBounds(4)) yield;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

export function checkBrief(brief: Brief, corpus: Corpus, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const run = checkClaims(brief, corpus, options, findings);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value ? sortFindings(findings) : [];
}

/**
 * checkBrief (the same findings), handing control back through `pause` every `sliceMs` of work:
 * the first check of a long brief against a large corpus takes a second, and an editor's
 * requests must not wait for it. Cancelled: [] (the claims done stay cached for the next check).
 */
export async function checkBriefInSlices(brief: Brief, corpus: Corpus, options: CheckOptions & { pause: () => Promise<void>; sliceMs?: number }): Promise<Finding[]> {
  const findings: Finding[] = [];
  const sliceMs = options.sliceMs ?? 8;
  let sliceStart = performance.now();
  const run = checkClaims(brief, corpus, { ...options, warmUp: true }, findings);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value ? sortFindings(findings) : [];
    if (performance.now() - sliceStart >= sliceMs) {
      await options.pause();
      sliceStart = performance.now();
    }
  }
}
