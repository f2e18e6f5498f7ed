// unknown-source: a cited key that no bibliography of the corpus defines.
import * as path from 'node:path';
import type { Brief, Claim } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { editDistance } from '../corpus/corpus';
import type { Finding, Fix } from './findings';
import { SEVERITY_OF } from './findings';

/** A key this close to a real one (normalised edit distance) is taken for a typo of it. */
const TYPO_DISTANCE = 0.25;

/**
 * Replacement keys for an unknown key: near spellings first when one is clearly a typo,
 * otherwise the corpus source that best supports the sentence, then near spellings.
 */
export function replacementKeys(corpus: Corpus, key: string, claim: Claim | undefined, limit = 3): string[] {
  const near = corpus.nearestKeys(key, limit);
  const typo = near.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) / Math.max(k.length, key.length) <= TYPO_DISTANCE);
  const supporting: string[] = [];
  if (claim && /[\p{L}]{3}/u.test(claim.plain)) {
    const ranked = corpus.rankSources(claim.plain).filter((r) => r.score > 0);
    if (ranked.length > 0) supporting.push(ranked[0].key);
  }
  const ordered = [...typo, ...supporting, ...near];
  return [...new Set(ordered)].filter((k) => k !== key).slice(0, limit);
}

export function findUnknownSources(brief: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  const bibs = corpus.bibliographies.map((b) => path.basename(b)).join(', ') || 'no bibliography was found';
  for (const claim of brief.claims) {
    for (const c of claim.citations) {
      if (!c.key || corpus.has(c.key)) continue;
      const candidates = replacementKeys(corpus, c.key, claim);
      const fixes: Fix[] = candidates.map((k, i) => ({
        title: `Replace with '${k}'`,
        edits: [{ start: c.keyStart, end: c.keyEnd, newText: k }],
        preferred: i === 0,
      }));
      const first = candidates[0];
      const isTypo = first !== undefined && editDistance(first.toLowerCase(), c.key.toLowerCase()) / Math.max(first.length, c.key.length) <= TYPO_DISTANCE;
      const hint = !first
        ? ' Add the work to the bibliography, or cite a corpus source.'
        : isTypo
          ? ` Did you mean '${first}'?`
          : ` The corpus source that best supports this sentence is '${first}'; cite it, or add the work to the bibliography.`;
      findings.push({
        code: 'unknown-source',
        severity: SEVERITY_OF['unknown-source'],
        start: c.keyStart,
        end: c.keyEnd,
        message: `Unknown citation key '${c.key}': no entry in ${bibs} has this key.${hint}`,
        fixes,
        evidence: [],
      });
    }
  }
  return findings;
}
