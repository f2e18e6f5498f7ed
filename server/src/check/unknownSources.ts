// unknown-source: a cited key that no bibliography of the corpus defines.
import * as path from 'node:path';
import type { Brief, Claim } from '../brief/parse';
import type { Citation } from '../brief/citations';
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
export function replacementKeys(corpus: Corpus, key: string, claim: Claim | undefined, limit = 3, supportingKey = bestSupportingKey(corpus, claim)): string[] {
  const near = corpus.nearestKeys(key, limit);
  const typo = near.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) / Math.max(k.length, key.length) <= TYPO_DISTANCE);
  const supporting = supportingKey ? [supportingKey] : [];
  const ordered = [...typo, ...supporting, ...near];
  return [...new Set(ordered)].filter((k) => k !== key).slice(0, limit);
}

/** The corpus source whose passage best matches the claim, if any matches at all. */
export function bestSupportingKey(corpus: Corpus, claim: Claim | undefined): string | undefined {
  if (!claim || !/[\p{L}]{3}/u.test(claim.plain)) return undefined;
  const best = corpus.rankSources(claim.plain, 1)[0];
  return best && best.score > 0 ? best.key : undefined;
}

export function findUnknownSources(brief: Brief, corpus: Corpus): Finding[] {
  const findings: Finding[] = [];
  const bibs = corpus.bibliographies.map((b) => path.basename(b)).join(', ') || 'no bibliography was found';
  for (const claim of brief.claims) {
    // Searched once per claim, not per unknown key (a paragraph may hold thousands of citations).
    let supporting: string | undefined | null = null;
    const nearByKey = new Map<string, string[]>();
    for (const c of claim.citations) {
      if (!c.key || corpus.has(c.key)) continue;
      if (supporting === null) supporting = bestSupportingKey(corpus, claim);
      let candidates = nearByKey.get(c.key);
      if (!candidates) nearByKey.set(c.key, (candidates = replacementKeys(corpus, c.key, claim, 3, supporting)));
      // A key the same group already cites would be cited twice: the fix drops the unknown item instead.
      const fixes: Fix[] = candidates.map((k, i) => {
        const removal = c.group && c.group.items.some((o) => o !== c && o.key === k) ? removeItemEdit(c) : undefined;
        return removal
          ? { title: `Remove '@${c.key}' ('${k}' is already cited here)`, edits: [removal], preferred: i === 0 }
          : { title: `Replace with '${k}'`, edits: [{ start: c.keyStart, end: c.keyEnd, newText: k }], preferred: i === 0 };
      });
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

/** Deletes one item of a citation group with the separator that joins it to its neighbour. */
function removeItemEdit(c: Citation): { start: number; end: number; newText: string } | undefined {
  const items = c.group?.items ?? [];
  const at = items.indexOf(c);
  if (items.length < 2 || at < 0) return undefined;
  // "[@a; @x]" → "[@a]": from the end of the item before; "[@x; @a]" → "[@a]": to the start of the item after.
  return at > 0 ? { start: items[at - 1].end, end: c.end, newText: '' } : { start: c.start, end: items[at + 1].start, newText: '' };
}
