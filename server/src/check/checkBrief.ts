// Runs every check on a brief against its corpus and returns plain findings, sorted.
import type { Brief } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import type { Cancellation } from '../corpus/types';
import { NEVER_CANCELLED } from '../corpus/types';
import type { Finding, FindingCode } from './findings';
import { findUnknownSources } from './unknownSources';
import { findUnsupportedClaims } from './unsupportedClaims';
import { findMisquotes } from './misquotes';
import { findUncitedClaims } from './uncitedClaims';
import { findNumberMismatches } from './numbers';
import { findDateProblems } from './dates';

export interface CheckOptions {
  /** Codes to leave out (e.g. 'uncited-claim' when the user turned it off). */
  disabled?: ReadonlySet<FindingCode>;
  token?: Cancellation;
}

export function checkBrief(brief: Brief, corpus: Corpus, options: CheckOptions = {}): Finding[] {
  const token = options.token ?? NEVER_CANCELLED;
  const findings: Finding[] = [];
  findings.push(...findUnknownSources(brief, corpus));
  if (!options.disabled?.has('unsupported-claim')) findings.push(...findUnsupportedClaims(brief, corpus));
  if (!options.disabled?.has('misquote')) findings.push(...findMisquotes(brief, corpus));
  if (!options.disabled?.has('uncited-claim')) findings.push(...findUncitedClaims(brief, corpus));
  if (!options.disabled?.has('number-mismatch')) findings.push(...findNumberMismatches(brief, corpus));
  findings.push(...findDateProblems(brief, corpus, { misdated: !options.disabled?.has('misdated-claim'), anachronism: !options.disabled?.has('anachronistic-citation') }));
  if (token.isCancellationRequested) return [];
  const disabled = options.disabled;
  return findings
    .filter((f) => !disabled?.has(f.code))
    .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
