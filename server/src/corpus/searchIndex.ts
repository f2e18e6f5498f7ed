// BM25 retrieval over passages, built to stay small and fast at 10,000 sources:
// - postings are typed arrays, one growable list per term, each entry packing
//   (passage id << 8 | term frequency), in ascending passage id;
// - scores accumulate in one reused Float64Array instead of a Map per query;
// - a search restricted to a few sources (the cited ones) binary-searches each posting list for
//   those sources' passage-id ranges instead of scanning it;
// - word pairs are not indexed: the best candidates are re-ranked by the query's adjacent word
//   pairs they contain, so a shared phrase still outranks shared words;
// - removing a source cuts its postings out; re-adding it appends new ids (incremental updates).
import type { Passage, ScoredPassage } from './types';
import { tokenize } from './text';

const K1 = 1.2;
const B = 0.75;
/** Weight of a matching adjacent word pair relative to its rarer word. */
const PAIR_WEIGHT = 0.6;
/** Candidates re-ranked by word pairs. */
const RERANK = 40;
/** Terms in more than this share of passages only re-score candidates other terms found. */
const COMMON_TERM_SHARE = 0.05;
const MAX_TF = 255;
/** Only the rarest query terms are scored: a long sentence's common words barely move BM25. */
const MAX_QUERY_TERMS = 16;
/** Terms in more than this share of passages are dropped when three rarer ones remain. */
const STOP_TERM_SHARE = 0.3;

export function indexTerms(text: string): { words: string[]; pairs: string[] } {
  const words = tokenize(text);
  const pairs: string[] = [];
  for (let i = 1; i < words.length; i++) pairs.push(words[i - 1] + ' ' + words[i]);
  return { words, pairs };
}

class PostingList {
  data: Int32Array<ArrayBufferLike>;
  length = 0;
  constructor(capacity = 2) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.max(8, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

function growInt32(a: Int32Array<ArrayBufferLike>, min: number): Int32Array<ArrayBufferLike> {
  // (typed as the general Int32Array: views over any buffer)
  if (a.length >= min) return a;
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

/** A source's passages occupy one contiguous id range. */
interface IdRange {
  start: number;
  end: number;
}

export class PassageIndex {
  private readonly termIds = new Map<string, number>();
  private readonly postings: PostingList[] = [];
  private lengths: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  private passages: Passage[] = [];
  private removed = new Uint8Array(1024);
  private removedCount = 0;
  private totalLength = 0;
  private readonly ranges = new Map<string, IdRange>();
  private scores = new Float64Array(0);
  private tfScratch = new Int32Array(1024);

  /** Number of live passages. */
  get size(): number {
    return this.passages.length - this.removedCount;
  }

  get termCount(): number {
    return this.termIds.size;
  }

  /**
   * Adds a passage; ids must be added in increasing order, a source's passages together.
   * `words` are its tokens when the caller has them (from the raw source slice).
   */
  add(passage: Passage, words: string[] = tokenize(passage.text)): void {
    const id = passage.id;
    if (id < this.passages.length) throw new Error(`passage ${id} added out of order`);
    this.passages[id] = passage;
    this.lengths = growInt32(this.lengths, id + 1);
    if (this.removed.length <= id) {
      const r = new Uint8Array(Math.max(id + 1, this.removed.length * 2));
      r.set(this.removed);
      this.removed = r;
    }
    this.lengths[id] = words.length;
    this.totalLength += words.length;
    // Count term frequencies in a scratch array indexed by term id (no Map per passage).
    const seen: number[] = [];
    for (let i = 0; i < words.length; i++) {
      let termId = this.termIds.get(words[i]);
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(words[i], termId);
        this.postings.push(new PostingList());
      }
      if (termId >= this.tfScratch.length) {
        const grown = new Int32Array(Math.max(termId + 1, this.tfScratch.length * 2));
        grown.set(this.tfScratch);
        this.tfScratch = grown;
      }
      if (this.tfScratch[termId]++ === 0) seen.push(termId);
    }
    for (const termId of seen) {
      this.postings[termId].push((id << 8) | Math.min(this.tfScratch[termId], MAX_TF));
      this.tfScratch[termId] = 0;
    }
    const range = this.ranges.get(passage.sourceKey);
    if (range && range.end === id) range.end = id + 1;
    else this.ranges.set(passage.sourceKey, { start: id, end: id + 1 });
  }

  /**
   * The live part of the index as a shard, passages renumbered 0..n-1 in id order (tombstones
   * dropped). Returns the new number of each old id (-1 for removed) alongside.
   */
  exportShard(): { shard: IndexShard; renumber: Int32Array } {
    const total = this.passages.length;
    const renumber = new Int32Array(total);
    let next = 0;
    for (let id = 0; id < total; id++) renumber[id] = this.removed[id] ? -1 : next++;
    const lengths = new Int32Array(next);
    for (let id = 0; id < total; id++) if (renumber[id] >= 0) lengths[renumber[id]] = this.lengths[id];
    const terms: string[] = [];
    const offsets: number[] = [0];
    let size = 0;
    for (const list of this.postings) size += list.length;
    const postings = new Int32Array(size);
    let at = 0;
    for (const [term, termId] of this.termIds) {
      const list = this.postings[termId];
      const start = at;
      for (let i = 0; i < list.length; i++) {
        const entry = list.data[i];
        const id = renumber[entry >> 8];
        if (id >= 0) postings[at++] = (id << 8) | (entry & MAX_TF);
      }
      if (at > start) {
        terms.push(term);
        offsets.push(at);
      }
    }
    return { shard: { terms, offsets: Int32Array.from(offsets), postings: postings.subarray(0, at), lengths }, renumber };
  }

  /**
   * Appends a shard whose local passage ids 0..n-1 are `passages` (already numbered from the
   * current end, in the same order). Used to merge worker shards and to load the cache.
   */
  appendShard(shard: IndexShard, passages: Passage[]): void {
    const base = this.passages.length;
    if (passages.length !== shard.lengths.length) throw new Error('shard and passages disagree');
    for (let i = 0; i < passages.length; i++) {
      const p = passages[i];
      if (p.id !== base + i) throw new Error(`passage ${p.id} appended out of order`);
      this.passages.push(p);
      const range = this.ranges.get(p.sourceKey);
      if (range && range.end === p.id) range.end = p.id + 1;
      else this.ranges.set(p.sourceKey, { start: p.id, end: p.id + 1 });
    }
    const end = base + passages.length;
    this.lengths = growInt32(this.lengths, end);
    if (this.removed.length < end) {
      const r = new Uint8Array(Math.max(end, this.removed.length * 2));
      r.set(this.removed);
      this.removed = r;
    }
    for (let i = 0; i < shard.lengths.length; i++) {
      this.lengths[base + i] = shard.lengths[i];
      this.totalLength += shard.lengths[i];
    }
    const shift = base << 8;
    for (let t = 0; t < shard.terms.length; t++) {
      const term = shard.terms[t];
      let termId = this.termIds.get(term);
      const from = shard.offsets[t];
      const to = shard.offsets[t + 1];
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(term, termId);
        const list = new PostingList(0);
        if (shift === 0) {
          // A fresh index (the cache on a warm start): use the shard's array as it is, no copy.
          // A later push outgrows the view and copies then.
          list.data = shard.postings.subarray(from, to);
          list.length = to - from;
          this.postings.push(list);
          continue;
        }
        list.data = new Int32Array(to - from);
        this.postings.push(list);
      }
      const list = this.postings[termId];
      if (list.data.length < list.length + (to - from)) {
        const grown = new Int32Array(Math.max(list.length + (to - from), list.data.length * 2));
        grown.set(list.data.subarray(0, list.length));
        list.data = grown;
      }
      for (let i = from; i < to; i++) list.data[list.length++] = shard.postings[i] + shift;
    }
  }

  /**
   * Removes every passage of a source: its postings are cut out of each list (they form one
   * contiguous run per list, the source's ids being contiguous), so term statistics are exactly
   * those of a corpus built without it. Its ids are never reused.
   */
  removeSource(key: string): void {
    const range = this.ranges.get(key);
    if (!range) return;
    for (let id = range.start; id < range.end; id++) {
      if (this.removed[id]) continue;
      this.removed[id] = 1;
      this.removedCount++;
      this.totalLength -= this.lengths[id];
    }
    const from = range.start << 8;
    const to = range.end << 8;
    for (const list of this.postings) {
      const i = lowerBound(list.data, list.length, from);
      if (i === list.length || list.data[i] >= to) continue;
      const j = lowerBound(list.data, list.length, to);
      list.data.copyWithin(i, j, list.length);
      list.length -= j - i;
    }
    this.ranges.delete(key);
  }

  /** Inverse document frequency of a (stemmed) term; rare terms weigh more. */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const n = id === undefined ? 0 : this.postings[id].length;
    const N = Math.max(1, this.size);
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /**
   * The passages that best match `query`, best first. `sourceKeys` restricts the search to
   * those sources (the cited ones); scores are comparable across sources in one call.
   */
  search(query: string, limit = 10, sourceKeys?: ReadonlySet<string>): ScoredPassage[] {
    const words = tokenize(query);
    if (words.length === 0 || this.passages.length === 0) return [];
    const unique = [...new Set(words)];
    const idfs = new Map(unique.map((w) => [w, this.idf(w)]));
    const total = this.passages.length;
    if (this.scores.length < total) this.scores = new Float64Array(Math.max(total, this.scores.length * 2));
    const scores = this.scores;
    const touched: number[] = [];
    const avgdl = this.totalLength / Math.max(1, this.size) || 1;
    const ranges = sourceKeys ? [...sourceKeys].map((k) => this.ranges.get(k)).filter((r): r is IdRange => Boolean(r)) : undefined;
    if (ranges && ranges.length === 0) return [];
    const terms = unique
      .map((w) => ({ w, list: this.termIds.has(w) ? this.postings[this.termIds.get(w)!] : undefined }))
      .filter((t): t is { w: string; list: PostingList } => t.list !== undefined)
      .sort((a, b) => a.list.length - b.list.length)
      .slice(0, MAX_QUERY_TERMS)
      .filter((t, i) => i < 3 || t.list.length <= this.size * STOP_TERM_SHARE);
    const commonAt = Math.max(50, this.size * COMMON_TERM_SHARE);

    const scoreEntry = (entry: number, idf: number, onlyTouched: boolean) => {
      const id = entry >> 8;
      if (this.removed[id]) return;
      const current = scores[id];
      if (onlyTouched && current === 0) return;
      const tf = entry & MAX_TF;
      const norm = tf + K1 * (1 - B + (B * this.lengths[id]) / avgdl);
      if (current === 0) touched.push(id);
      scores[id] = current + (idf * tf * (K1 + 1)) / norm;
    };

    for (const { w, list } of terms) {
      const idf = idfs.get(w)!;
      const data = list.data;
      if (ranges) {
        for (const r of ranges) {
          for (let i = lowerBound(data, list.length, r.start << 8); i < list.length && data[i] >> 8 < r.end; i++) scoreEntry(data[i], idf, false);
        }
      } else {
        const onlyTouched = list.length > commonAt && touched.length > 0;
        for (let i = 0; i < list.length; i++) scoreEntry(data[i], idf, onlyTouched);
      }
    }

    // Keep only what can reach the top (a global search may touch a large share of the corpus).
    const keep = Math.max(limit, RERANK) * 2;
    let threshold = -Infinity;
    if (touched.length > keep * 4) {
      const values = new Float64Array(touched.length);
      for (let i = 0; i < touched.length; i++) values[i] = scores[touched[i]];
      threshold = kthLargest(values, keep);
    }
    let ranked: { id: number; score: number }[] = [];
    for (const id of touched) {
      if (scores[id] >= threshold) ranked.push({ id, score: scores[id] });
      scores[id] = 0;
    }
    // Ties break on source key and position, never on ids (which depend on indexing order).
    const byScore = (a: { id: number; score: number }, b: { id: number; score: number }) => {
      if (b.score !== a.score) return b.score - a.score;
      const pa = this.passages[a.id];
      const pb = this.passages[b.id];
      return pa.sourceKey < pb.sourceKey ? -1 : pa.sourceKey > pb.sourceKey ? 1 : pa.start - pb.start;
    };
    ranked.sort(byScore);
    // Re-rank the best candidates by the query's adjacent word pairs they contain.
    if (words.length > 1) {
      const head = ranked.slice(0, Math.min(RERANK, Math.max(10, limit * 4)));
      const pairs = new Map<string, number>();
      for (let i = 1; i < words.length; i++) {
        pairs.set(words[i - 1] + ' ' + words[i], PAIR_WEIGHT * Math.min(idfs.get(words[i - 1])!, idfs.get(words[i])!));
      }
      for (const c of head) {
        const tokens = tokenize(this.passages[c.id].text);
        const seen = new Set<string>();
        for (let i = 1; i < tokens.length; i++) {
          const pair = tokens[i - 1] + ' ' + tokens[i];
          const bonus = pairs.get(pair);
          if (bonus !== undefined && !seen.has(pair)) {
            seen.add(pair);
            c.score += bonus;
          }
        }
      }
      head.sort(byScore);
      ranked = [...head, ...ranked.slice(head.length)];
    }
    return ranked.slice(0, limit).map(({ id, score }) => ({ passage: this.passages[id], score }));
  }
}

/**
 * A compact, transferable form of an index: the terms, each term's packed postings as a slice of
 * one array, and passage lengths. Worker shards and the persisted cache both use it.
 */
export interface IndexShard {
  terms: string[];
  /** offsets[i]..offsets[i+1] is term i's slice of `postings`. */
  offsets: Int32Array;
  postings: Int32Array;
  /** Token count of each passage, by (local) passage id. */
  lengths: Int32Array;
}

/** The k-th largest value (1-based) of `values`, which it reorders (quickselect). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}

/** First index in the sorted packed list whose entry is ≥ `value`. */
function lowerBound(data: Int32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
