// BM25 retrieval over passages, built to stay small and fast at 10,000 sources:
// - postings are typed arrays, one growable list per term, each entry packing
//   (passage id << 8 | term frequency), in ascending passage id;
// - scores accumulate in one reused Float64Array instead of a Map per query, interleaved with each
//   passage's length normalisation so a posting costs one memory access, not three;
// - a search restricted to a few sources (the cited ones) binary-searches each posting list for
//   those sources' passage-id ranges instead of scanning it;
// - a search of the whole index stops following passages that can no longer reach the results
//   (MaxScore with per-term score bounds), with the same answer as scoring everything; the
//   complete scores of its likeliest passages, looked up early, tell it soon how high the bar is;
// - word pairs are not indexed: the best candidates are re-ranked by the query's adjacent word
//   pairs they contain, so a shared phrase still outranks shared words;
// - removing a source cuts its postings out; re-adding it appends new ids (incremental updates).
import type { ScoredPassage } from './types';
import type { PassageTable } from './passageTable';
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
/** How many times a search completes the scores of its likeliest passages to raise its threshold. */
const COMPLETED_SAMPLES = 3;
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
  length: number;
  /**
   * A new list, or one over entries that already exist (a view of a loaded shard's postings):
   * the first `length` of them (all by default), the rest being room to grow into.
   */
  constructor(capacity = 2, entries?: Int32Array<ArrayBufferLike>, length = entries?.length ?? 0) {
    this.data = entries ?? new Int32Array(capacity);
    this.length = length;
  }
  /** The backing array, grown to hold `extra` more entries (the caller writes and sets length). */
  reserve(extra: number): Int32Array {
    if (this.length + extra > this.data.length) {
      const grown = new Int32Array(Math.max(this.length + extra, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    return this.data as Int32Array;
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
  /** Passage ids known to the index (those of removed sources included). */
  private count = 0;
  private removed = new Uint8Array(1024);
  private removedCount = 0;
  private totalLength = 0;
  private readonly ranges = new Map<string, IdRange>();
  /** Per passage id: [2·id] the score being accumulated (0 between searches), [2·id+1] its BM25 length norm. */
  private acc = new Float64Array(0);
  private accGeneration = -1;
  private accAvgdl = 0;
  /** Passages the current search has scored, for resetting their scores. */
  private readonly touched = new PostingList(1024);
  private tfScratch = new Int32Array(1024);
  private scoreScratch = new Float64Array(0);
  private marks = new Uint8Array(0);
  private readonly impacts = new Map<string, number>();
  private impactGeneration = -1;
  private boundsPlan?: { generation: number; terms: string[]; next: number };
  /** Bumped by every change, so results computed from the index can be cached until it changes. */
  generation = 0;

  /** Number of live passages. */
  get size(): number {
    return this.count - this.removedCount;
  }

  get termCount(): number {
    return this.termIds.size;
  }

  /**
   * `table` holds the passages the ids stand for; searching needs it (to break ties, re-rank by
   * word pairs and return passages), building a shard on a worker does not.
   */
  constructor(private readonly table?: PassageTable) {}

  /** The id range of a source's passages, if it has any. */
  rangeOf(key: string): { start: number; end: number } | undefined {
    return this.ranges.get(key);
  }

  /**
   * Adds a passage of source `sourceKey` with its tokens; ids must be added in increasing order,
   * a source's passages together.
   */
  add(id: number, sourceKey: string, words: string[]): void {
    if (id < this.count) throw new Error(`passage ${id} added out of order`);
    this.generation++;
    this.count = id + 1;
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
    const range = this.ranges.get(sourceKey);
    if (range && range.end === id) range.end = id + 1;
    else this.ranges.set(sourceKey, { start: id, end: id + 1 });
  }

  /**
   * The live part of the index as a shard, passages renumbered 0..n-1 in id order (tombstones
   * dropped). Returns the new number of each old id (-1 for removed) alongside. `room(n)`, when
   * given, leaves that many free entries after each list of n (the shard then has `counts`).
   */
  exportShard(room?: (entries: number) => number): { shard: IndexShard; renumber: Int32Array } {
    const total = this.count;
    const renumber = new Int32Array(total);
    let next = 0;
    for (let id = 0; id < total; id++) renumber[id] = this.removed[id] ? -1 : next++;
    const lengths = new Int32Array(next);
    for (let id = 0; id < total; id++) if (renumber[id] >= 0) lengths[renumber[id]] = this.lengths[id];
    const terms: string[] = [];
    const offsets: number[] = [0];
    const counts: number[] = [];
    let size = 0;
    for (const list of this.postings) size += list.length + (room ? room(list.length) : 0);
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
        counts.push(at - start);
        if (room) at += room(at - start);
        offsets.push(at);
      }
    }
    // Score bounds already computed for this state hold for the shard too (same lengths, same
    // postings less the removed passages', which no bound came from).
    const bounds: Record<string, number> = {};
    if (this.impactGeneration === this.generation) for (const [term, impact] of this.impacts) bounds[term] = impact;
    return { shard: { terms, offsets: Int32Array.from(offsets), postings: postings.subarray(0, at), lengths, bounds, ...(room ? { counts: Int32Array.from(counts) } : {}) }, renumber };
  }

  /**
   * Appends a shard whose local passage ids 0..n-1 continue the current ids; `sources` says
   * whose they are, in order (a source's passages being contiguous). Used to merge worker shards
   * and to load the cache.
   */
  appendShard(shard: IndexShard, sources: { key: string; passages: number }[]): void {
    const base = this.count;
    const n = shard.lengths.length;
    if (sources.reduce((sum, s) => sum + s.passages, 0) !== n) throw new Error('shard and passages disagree');
    this.generation++;
    let id = base;
    for (const { key, passages } of sources) {
      if (passages === 0) continue;
      const range = this.ranges.get(key);
      if (range && range.end === id) range.end = id + passages;
      else this.ranges.set(key, { start: id, end: id + passages });
      id += passages;
    }
    this.count = base + n;
    const end = base + n;
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
      const to = shard.counts ? from + shard.counts[t] : shard.offsets[t + 1];
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(term, termId);
        if (shift === 0) {
          // A fresh index (the cache on a warm start): use the shard's array as it is, no copy,
          // with the room after each list to grow into. Only a push beyond it copies the list
          // (without room, the first edit after a start copied every list it touched: ~0.4 s).
          this.postings.push(new PostingList(0, shard.postings.subarray(from, shard.offsets[t + 1]), to - from));
          continue;
        }
        this.postings.push(new PostingList(to - from));
      }
      const list = this.postings[termId];
      if (list.data.length < list.length + (to - from)) {
        const grown = new Int32Array(Math.max(list.length + (to - from), list.data.length * 2));
        grown.set(list.data.subarray(0, list.length));
        list.data = grown;
      }
      for (let i = from; i < to; i++) list.data[list.length++] = shard.postings[i] + shift;
    }
    // A shard that is the whole index (the cache on a warm start) brings its score bounds.
    if (base === 0 && shard.bounds) {
      this.impacts.clear();
      for (const [term, impact] of Object.entries(shard.bounds)) if (this.termIds.has(term) && typeof impact === 'number' && impact >= 0 && impact < Infinity) this.impacts.set(term, impact);
      this.impactGeneration = this.generation;
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
    this.generation++;
    for (let id = range.start; id < range.end; id++) {
      if (this.removed[id]) continue;
      this.removed[id] = 1;
      this.removedCount++;
      this.totalLength -= this.lengths[id];
    }
    const from = range.start << 8;
    const to = range.end << 8;
    for (const list of this.postings) {
      // (Most lists are short and hold none of the range: their ends tell without a search.)
      if (list.length === 0 || list.data[0] >= to || list.data[list.length - 1] < from) continue;
      const i = lowerBoundFrom(list.data, 0, list.length, from);
      if (i === list.length || list.data[i] >= to) continue;
      const j = lowerBoundFrom(list.data, 0, list.length, to);
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
   * `exhaustive` turns off the pruning of passages that cannot reach the results (the answer is
   * the same; tests compare the two). The best candidates are re-ranked by the query's adjacent
   * word pairs they contain, which reads their texts: `wordPairs` says how many (default: up to
   * 40, four per result), `false` or 0 for none (for scores that only break ties).
   */
  search(query: string, limit = 10, sourceKeys?: ReadonlySet<string>, options?: { exhaustive?: boolean; wordPairs?: boolean | number }): ScoredPassage[] {
    const words = tokenize(query);
    const pairOption = options?.wordPairs;
    const rerank = words.length < 2 || pairOption === false ? 0 : typeof pairOption === 'number' ? pairOption : Math.min(RERANK, Math.max(10, limit * 4));
    const table = this.table;
    if (!table) throw new Error('this index has no passage table to search');
    if (words.length === 0 || this.count === 0) return [];
    const { idfs, terms, avgdl } = this.queryTerms(words);
    const acc = this.acc;
    const touched = this.touched;
    const ranges = sourceKeys ? [...sourceKeys].map((k) => this.ranges.get(k)).filter((r): r is IdRange => Boolean(r)) : undefined;
    if (ranges && ranges.length === 0) return [];
    const commonAt = Math.max(50, this.size * COMMON_TERM_SHARE);
    let candidates: Int32Array | undefined;
    if (ranges) this.scoreRanges(terms, idfs, ranges);
    else candidates = this.scoreGlobally(terms, idfs, avgdl, commonAt, options?.exhaustive ? Infinity : Math.max(limit, rerank));

    // Keep only what can reach the results (a global search may touch a large share of the
    // corpus): the best `keep` and their ties, so that few go through the sort.
    const keep = Math.max(limit, rerank);
    let threshold = -Infinity;
    const pool = candidates ?? touched.data.subarray(0, touched.length);
    if (pool.length > keep * 2) threshold = kthLargest(this.scoresOf(pool), keep);
    // Ties break on source key and position, never on ids (which depend on indexing order);
    // both are looked up once per passage, not per comparison (ties are common).
    type Ranked = { id: number; score: number; key: string; start: number };
    let ranked: Ranked[] = [];
    for (const id of pool) if (acc[id << 1] >= threshold) ranked.push({ id, score: acc[id << 1], key: table.sourceKeyOf(id), start: table.startOf(id) });
    for (let i = 0; i < touched.length; i++) acc[touched.data[i] << 1] = 0;
    const byScore = (a: Ranked, b: Ranked) => (b.score !== a.score ? b.score - a.score : a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start);
    ranked.sort(byScore);
    // Re-rank the best candidates by the query's adjacent word pairs they contain.
    if (rerank > 0) {
      const head = ranked.slice(0, rerank);
      const pairs = new Map<string, number>();
      for (let i = 1; i < words.length; i++) {
        pairs.set(words[i - 1] + ' ' + words[i], PAIR_WEIGHT * Math.min(idfs.get(words[i - 1])!, idfs.get(words[i])!));
      }
      for (const c of head) {
        const tokens = tokenize(table.get(c.id)!.text);
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
    return ranked.slice(0, limit).map(({ id, score }) => ({ passage: table.get(id)!, score }));
  }

  /**
   * Each of `sourceKeys`' best passage score for `query` (as `search` scores, without word
   * pairs); sources with no passage sharing a term are left out. Cheaper than a search of those
   * sources when only the sources are wanted: nothing is sorted and no passage is made.
   */
  sourceScores(query: string, sourceKeys: Iterable<string>): Map<string, number> {
    const best = new Map<string, number>();
    const words = tokenize(query);
    if (words.length === 0 || this.count === 0) return best;
    const keyed: { key: string; range: IdRange }[] = [];
    for (const key of sourceKeys) {
      const range = this.ranges.get(key);
      if (range) keyed.push({ key, range });
    }
    const { idfs, terms } = this.queryTerms(words);
    this.scoreRanges(terms, idfs, keyed.map((k) => k.range));
    const acc = this.acc;
    for (const { key, range } of keyed) {
      let score = 0;
      for (let id = range.start; id < range.end; id++) if (acc[id << 1] > score) score = acc[id << 1];
      if (score > 0) best.set(key, score);
    }
    for (let i = 0; i < this.touched.length; i++) acc[this.touched.data[i] << 1] = 0;
    return best;
  }

  /**
   * The query's terms that are scored (the rarest, in order) with their idf, the accumulator
   * made ready for this state of the index, and `touched` emptied.
   */
  private queryTerms(words: string[]): { idfs: Map<string, number>; terms: { w: string; list: PostingList }[]; avgdl: number } {
    const unique = [...new Set(words)];
    const idfs = new Map(unique.map((w) => [w, this.idf(w)]));
    const avgdl = this.totalLength / Math.max(1, this.size) || 1;
    this.prepareAccumulator(this.count, avgdl);
    this.touched.length = 0;
    const terms = unique
      .map((w) => ({ w, list: this.termIds.has(w) ? this.postings[this.termIds.get(w)!] : undefined }))
      .filter((t): t is { w: string; list: PostingList } => t.list !== undefined)
      .sort((a, b) => a.list.length - b.list.length)
      .slice(0, MAX_QUERY_TERMS)
      .filter((t, i) => i < 3 || t.list.length <= this.size * STOP_TERM_SHARE);
    return { idfs, terms, avgdl };
  }

  /** Accumulates BM25 scores for `terms` over the passages of `ranges` only (binary search into each list). */
  private scoreRanges(terms: { w: string; list: PostingList }[], idfs: Map<string, number>, ranges: IdRange[]): void {
    const acc = this.acc;
    const touched = this.touched;
    for (const { w, list } of terms) {
      const idf = idfs.get(w)!;
      const data = list.data;
      for (const r of ranges) {
        for (let i = lowerBoundFrom(data, 0, list.length, r.start << 8); i < list.length && data[i] >> 8 < r.end; i++) {
          const at = (data[i] >> 8) << 1;
          const tf = data[i] & MAX_TF;
          if (acc[at] === 0) touched.push(at >> 1);
          acc[at] += (idf * tf * (K1 + 1)) / (tf + acc[at + 1]);
        }
      }
    }
  }

  /**
   * Accumulates BM25 scores over the whole index for `terms` (rarest first) into the accumulator,
   * recording every passage it touches. Terms in more than `commonAt` passages only add to
   * passages rarer terms found. Exact top-`needed` pruning (MaxScore): once the passages already
   * found cannot be overtaken by one that is not (judged against the `needed`-th best complete
   * score of the likeliest passages, completedThreshold), only those are followed; of them, any whose
   * score plus the most the remaining terms could add stays below the `needed`-th best is
   * dropped, and the remaining ones are looked up in each long posting list by galloping search
   * (or, when they are many for the list, marked and the list walked once). Returns the
   * surviving candidates, or undefined if every touched passage is one.
   */
  private scoreGlobally(
    terms: { w: string; list: PostingList }[],
    idfs: Map<string, number>,
    avgdl: number,
    commonAt: number,
    needed: number,
  ): Int32Array | undefined {
    const acc = this.acc;
    const touched = this.touched;
    // The most each term can add to one passage, and what all terms from i on can add together.
    const bound = terms.map(({ w, list }) => idfs.get(w)! * this.maxTermImpact(w, list, avgdl));
    const remaining = new Float64Array(terms.length + 1);
    for (let i = terms.length - 1; i >= 0; i--) remaining[i] = remaining[i + 1] + bound[i];
    let found = 0; // the most any passage can have scored so far
    let candidates: Int32Array | undefined;
    // A lower bound of the needed-th best score (scores only grow, so an old one stays valid).
    let theta = 0;
    // The needed-th best complete score of the likeliest passages: a lower bound of the final
    // needed-th best that is high from the start (partial scores reach it only near the end).
    let completed = 0;
    let completions = 0;
    let firstTouched = 0;
    // `touched` is a run of ascending ids per term that added passages; where each run ends.
    const runEnds: number[] = [];
    for (let t = 0; t < terms.length; t++) {
      const { w, list } = terms[t];
      const idf = idfs.get(w)!;
      const data = list.data;
      const onlyTouched = list.length > commonAt && touched.length > 0;
      if (!candidates && t > 0 && touched.length >= needed && needed !== Infinity && completions < COMPLETED_SAMPLES) {
        completions++;
        completed = Math.max(completed, this.completedThreshold(terms, t, idfs, needed));
      }
      if (!candidates && touched.length >= needed && needed !== Infinity) {
        // Passages not yet found can still reach the results only with terms t.. that add to
        // new passages: none when the rest are common terms; otherwise at most remaining[t].
        const restAddsNew = terms.slice(t).some((x) => x.list.length <= commonAt);
        // The needed-th best score among the rarest term's passages (the first ones touched)
        // bounds the needed-th best overall from below, at a fraction of the cost.
        const sample = firstTouched >= needed ? firstTouched : touched.length;
        const partial = !restAddsNew || found >= remaining[t] ? kthLargest(this.scoresOf(touched.data.subarray(0, sample)), needed) : 0;
        const threshold = Math.max(completed, partial);
        if (!restAddsNew || threshold > remaining[t] * (1 + EPSILON)) {
          [candidates, theta] = this.firstCandidates(needed, remaining[t], threshold, runEnds);
        }
      }
      if (candidates) {
        // Lookups add this term, then drop the candidates that the terms after it cannot lift
        // to the needed-th best.
        if (candidates.length <= 8 * needed && candidates.length > needed) theta = Math.max(theta, kthLargest(this.scoresOf(candidates), needed));
        const keep = (theta - remaining[t + 1] * (1 + EPSILON)) / (1 + EPSILON);
        let n: number;
        if (candidates.length * 4 < list.length) n = addToCandidates(acc, data, list.length, candidates, idf, keep);
        else {
          addToMarked(acc, data, list.length, candidates, idf, this.markScratch(this.count));
          n = 0;
          for (let i = 0; i < candidates.length; i++) if (acc[candidates[i] << 1] >= keep) candidates[n++] = candidates[i];
        }
        // (The best `needed` always stay: their final scores reach theta.)
        candidates = candidates.subarray(0, n);
      } else if (onlyTouched) {
        addToTouched(acc, data, list.length, idf);
      } else {
        touched.length = addToAll(acc, data, list.length, idf, touched.reserve(list.length), touched.length);
      }
      if (t === 0) firstTouched = touched.length;
      if (!candidates && touched.length > (runEnds.at(-1) ?? 0)) runEnds.push(touched.length);
      found += bound[t];
    }
    return candidates;
  }

  /**
   * The touched passages that can still reach the top `needed` with at most `rest` more
   * (`threshold` bounds the needed-th best score from below), in id order: the survivors of
   * each ascending run are merged, not sorted.
   */
  private firstCandidates(needed: number, rest: number, threshold: number, runEnds: number[]): [Int32Array, number] {
    const acc = this.acc;
    const touched = this.touched.data;
    // The exact needed-th best now (the estimate only decided that candidates are enough):
    // a tighter threshold here keeps the candidates few for every remaining term.
    if (this.touched.length > needed) threshold = Math.max(threshold, kthLargest(this.scoresOf(touched.subarray(0, this.touched.length)), needed));
    let kept = new Int32Array(this.touched.length);
    let n = 0;
    const runs: number[] = [0];
    let from = 0;
    for (const end of runEnds) {
      for (let i = from; i < end; i++) {
        const id = touched[i];
        if ((acc[id << 1] + rest) * (1 + EPSILON) >= threshold) kept[n++] = id;
      }
      if (n > runs[runs.length - 1]) runs.push(n);
      from = end;
    }
    // Merge adjacent runs pairwise until one is left (log2 of the number of terms passes).
    let scratch = new Int32Array(n);
    let bounds = runs;
    while (bounds.length > 2) {
      const next: number[] = [0];
      for (let r = 0; r + 1 < bounds.length; r += 2) {
        const a0 = bounds[r];
        const a1 = bounds[r + 1];
        const b1 = r + 2 < bounds.length ? bounds[r + 2] : a1;
        let i = a0;
        let j = a1;
        let o = a0;
        while (i < a1 && j < b1) scratch[o++] = kept[i] <= kept[j] ? kept[i++] : kept[j++];
        while (i < a1) scratch[o++] = kept[i++];
        while (j < b1) scratch[o++] = kept[j++];
        next.push(b1);
      }
      [kept, scratch] = [scratch, kept];
      bounds = next;
    }
    return [kept.subarray(0, n), threshold];
  }

  /**
   * The needed-th best complete score among the (up to 2·needed) touched passages with the best
   * partial scores, their scores completed with terms `from`.. by lookups; 0 if fewer than
   * `needed` were touched. Those passages reach these scores, so the needed-th best of the whole
   * search is at least this.
   */
  private completedThreshold(terms: { w: string; list: PostingList }[], from: number, idfs: Map<string, number>, needed: number): number {
    const touched = this.touched.data.subarray(0, this.touched.length);
    if (touched.length < needed) return 0;
    const acc = this.acc;
    const cut = kthLargest(this.scoresOf(touched), needed);
    const ids = new Int32Array(Math.min(touched.length, needed * 2));
    let n = 0;
    for (let i = 0; i < touched.length && n < ids.length; i++) if (acc[touched[i] << 1] >= cut) ids[n++] = touched[i];
    const picked = ids.subarray(0, n).sort();
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = acc[picked[i] << 1];
    for (let t = from; t < terms.length; t++) addToCompleted(acc, terms[t].list.data, terms[t].list.length, picked, idfs.get(terms[t].w)!, scores);
    return kthLargest(scores, needed);
  }

  /** A zeroed byte per passage id (callers clear what they set). */
  private markScratch(total: number): Uint8Array {
    if (this.marks.length < total) this.marks = new Uint8Array(Math.max(total, this.marks.length * 2));
    return this.marks;
  }

  /** The scores of `ids`, in a scratch array that the caller may reorder. */
  private scoresOf(ids: ArrayLike<number>): Float64Array {
    if (this.scoreScratch.length < ids.length) this.scoreScratch = new Float64Array(Math.max(ids.length, this.scoreScratch.length * 2));
    const out = this.scoreScratch.subarray(0, ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.acc[ids[i] << 1];
    return out;
  }

  /**
   * The accumulator, sized for `total` passage ids, its length norms up to date for this state of
   * the index (recomputed only after a change, O(passages)). Scores are all 0 here.
   */
  private prepareAccumulator(total: number, avgdl: number): Float64Array {
    if (this.acc.length < 2 * total) {
      this.acc = new Float64Array(2 * Math.max(total, this.acc.length));
      this.accGeneration = -1;
    }
    if (this.accGeneration !== this.generation || this.accAvgdl !== avgdl) {
      const acc = this.acc;
      for (let id = 0; id < total; id++) acc[2 * id + 1] = K1 * (1 - B + (B * this.lengths[id]) / avgdl);
      this.accGeneration = this.generation;
      this.accAvgdl = avgdl;
    }
    return this.acc;
  }

  /**
   * Computes the score bounds of the terms with long posting lists ahead of the first search
   * that needs them (each costs a walk of its list), for about `budgetMs` per call. Returns true
   * when all are done; call again (when idle) while it returns false. A change of the index
   * starts it over.
   */
  prepareBounds(budgetMs = 5): boolean {
    const avgdl = this.totalLength / Math.max(1, this.size) || 1;
    if (this.boundsPlan?.generation !== this.generation) {
      const minLength = Math.max(1000, this.size * 0.002);
      const terms: string[] = [];
      const known = this.impactGeneration === this.generation ? this.impacts : undefined;
      for (const [term, id] of this.termIds) if (this.postings[id].length >= minLength && !known?.has(term)) terms.push(term);
      this.boundsPlan = { generation: this.generation, terms, next: 0 };
    }
    const plan = this.boundsPlan;
    const until = performance.now() + budgetMs;
    while (plan.next < plan.terms.length && performance.now() < until) {
      const term = plan.terms[plan.next++];
      this.maxTermImpact(term, this.postings[this.termIds.get(term)!], avgdl);
    }
    return plan.next >= plan.terms.length;
  }

  /**
   * The largest BM25 term-frequency factor of any passage in `list` (idf excluded), computed on
   * first use and kept until the index changes (which also changes the average length).
   */
  private maxTermImpact(term: string, list: PostingList, avgdl: number): number {
    if (this.impactGeneration !== this.generation) {
      this.impacts.clear();
      this.impactGeneration = this.generation;
    }
    let impact = this.impacts.get(term);
    if (impact === undefined) {
      impact = 0;
      const data = list.data;
      for (let i = 0; i < list.length; i++) {
        const tf = data[i] & MAX_TF;
        const f = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[data[i] >> 8]) / avgdl));
        if (f > impact) impact = f;
      }
      this.impacts.set(term, impact);
    }
    return impact;
  }
}

// The three ways a posting list adds to the scores, as small functions of their own so V8
// optimises each hot loop by itself. acc[2·id] is a passage's score, acc[2·id+1] its length norm.

/** Every passage in the list (recording into `touched` those seen for the first time). */
function addToAll(acc: Float64Array, data: Int32Array, n: number, idf: number, touched: Int32Array, count: number): number {
  for (let i = 0; i < n; i++) {
    const e = data[i];
    const a = (e >> 8) << 1;
    const current = acc[a];
    const tf = e & MAX_TF;
    if (current === 0) touched[count++] = a >> 1;
    acc[a] = current + (idf * tf * (K1 + 1)) / (tf + acc[a + 1]);
  }
  return count;
}

/** Only passages already scored. */
function addToTouched(acc: Float64Array, data: Int32Array, n: number, idf: number): void {
  for (let i = 0; i < n; i++) {
    const e = data[i];
    const a = (e >> 8) << 1;
    const current = acc[a];
    if (current === 0) continue;
    const tf = e & MAX_TF;
    acc[a] = current + (idf * tf * (K1 + 1)) / (tf + acc[a + 1]);
  }
}

/** Only the candidates, when they are many for the list: marked, then the list walked once. */
function addToMarked(acc: Float64Array, data: Int32Array, n: number, candidates: Int32Array, idf: number, marks: Uint8Array): void {
  for (let c = 0; c < candidates.length; c++) marks[candidates[c]] = 1;
  for (let i = 0; i < n; i++) {
    const e = data[i];
    const id = e >> 8;
    if (marks[id] === 0) continue;
    const a = id << 1;
    const tf = e & MAX_TF;
    acc[a] += (idf * tf * (K1 + 1)) / (tf + acc[a + 1]);
  }
  for (let c = 0; c < candidates.length; c++) marks[candidates[c]] = 0;
}

/**
 * Only the candidates (ascending ids), each found in the list by galloping search; keeps in
 * place, in order, those scoring at least `keep` after it. Returns how many are kept.
 */
function addToCandidates(acc: Float64Array, data: Int32Array, n: number, candidates: Int32Array, idf: number, keep: number): number {
  let at = 0;
  let kept = 0;
  for (let c = 0; c < candidates.length; c++) {
    const id = candidates[c];
    const a = id << 1;
    if (at < n) {
      at = gallop(data, at, n, id << 8);
      if (at < n && data[at] >> 8 === id) {
        const tf = data[at] & MAX_TF;
        acc[a] += (idf * tf * (K1 + 1)) / (tf + acc[a + 1]);
      }
    }
    if (acc[a] >= keep) candidates[kept++] = id;
  }
  return kept;
}

/**
 * Adds the list's term to `scores` (kept apart from the accumulator) of `ids` (ascending), each
 * found by galloping search.
 */
function addToCompleted(acc: Float64Array, data: Int32Array, n: number, ids: Int32Array, idf: number, scores: Float64Array): void {
  let at = 0;
  for (let c = 0; c < ids.length; c++) {
    const id = ids[c];
    at = gallop(data, at, n, id << 8);
    if (at >= n) return;
    if (data[at] >> 8 !== id) continue;
    const tf = data[at] & MAX_TF;
    scores[c] += (idf * tf * (K1 + 1)) / (tf + acc[(id << 1) + 1]);
  }
}

/**
 * The first position from `at` (< n) whose packed entry is ≥ `target`, n if none: steps doubling
 * until past it, then a binary search (cheap when the next target is near).
 */
function gallop(data: Int32Array, at: number, n: number, target: number): number {
  if (data[at] >= target) return at;
  let step = 1;
  let hi = at + 1;
  while (hi < n && data[hi] < target) {
    at = hi;
    step *= 2;
    hi = at + step;
  }
  return lowerBoundFrom(data, at + 1, Math.min(hi, n), target);
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
  /** When present, term i's postings are only the first counts[i] of its slice; the rest is room to grow. */
  counts?: Int32Array;
  /** Token count of each passage, by (local) passage id. */
  lengths: Int32Array;
  /** Score bounds of terms (maxTermImpact) for this shard as a whole index; a cache carries them. */
  bounds?: Record<string, number>;
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

/** First index in lo..hi of the sorted packed list whose entry is ≥ `value` (hi if none). */
function lowerBoundFrom(data: Int32Array<ArrayBufferLike>, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Relative slack for floating-point sums when comparing score bounds. */
const EPSILON = 1e-9;
