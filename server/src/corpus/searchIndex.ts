// BM25 retrieval over passages, with adjacent-word pairs indexed as extra terms so that
// passages sharing a phrase with the query outrank ones that only share its words.
import type { Passage, ScoredPassage } from './types';
import { tokenize } from './text';

const K1 = 1.2;
const B = 0.75;
/** Weight of a matching word pair relative to a single word. */
const PAIR_WEIGHT = 0.6;

export function indexTerms(text: string): { words: string[]; pairs: string[] } {
  const words = tokenize(text);
  const pairs: string[] = [];
  for (let i = 1; i < words.length; i++) pairs.push(words[i - 1] + ' ' + words[i]);
  return { words, pairs };
}

interface Posting {
  ids: number[];
  tfs: number[];
}

export class PassageIndex {
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private readonly passages: Passage[] = [];

  add(passage: Passage): void {
    const { words, pairs } = indexTerms(passage.text);
    const id = passage.id;
    this.passages[id] = passage;
    this.lengths[id] = words.length;
    this.totalLength += words.length;
    const counts = new Map<string, number>();
    for (const t of words) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of pairs) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { ids: [], tfs: [] }));
      p.ids.push(id);
      p.tfs.push(tf);
    }
  }

  get size(): number {
    return this.passages.length;
  }

  /** Inverse document frequency of a (stemmed) term; rare terms weigh more. */
  idf(term: string): number {
    const n = this.postings.get(term)?.ids.length ?? 0;
    const N = Math.max(1, this.passages.length);
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /**
   * The passages that best match `query`, best first. `sourceKeys` restricts the search to
   * those sources (the cited ones); scores are comparable across sources in one call.
   */
  search(query: string, limit = 10, sourceKeys?: ReadonlySet<string>): ScoredPassage[] {
    const { words, pairs } = indexTerms(query);
    const scores = new Map<number, number>();
    const avgdl = this.totalLength / Math.max(1, this.passages.length) || 1;
    const seen = new Set<string>();
    const score = (term: string, weight: number) => {
      if (seen.has(term)) return;
      seen.add(term);
      const p = this.postings.get(term);
      if (!p) return;
      const idf = this.idf(term) * weight;
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i];
        if (sourceKeys && !sourceKeys.has(this.passages[id].sourceKey)) continue;
        const tf = p.tfs[i];
        const norm = tf + K1 * (1 - B + (B * this.lengths[id]) / avgdl);
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (K1 + 1)) / norm);
      }
    };
    for (const w of words) score(w, 1);
    for (const p of pairs) score(p, PAIR_WEIGHT);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return ranked.slice(0, limit).map(([id, s]) => ({ passage: this.passages[id], score: s }));
  }
}
