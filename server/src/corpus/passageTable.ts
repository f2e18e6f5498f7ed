// The corpus's passages as columns (start, end, page, owning source and where it starts in its
// file, per passage id). A Passage object is made only when something asks for that passage,
// and then kept, so a corpus of 450,000 passages does not allocate, hold and garbage-collect
// 450,000 objects to start.
import { passageText } from './passages';
import { LOCATOR_FIELDS } from './positions';
import type { Passage, Source } from './types';

/** A passage whose text is cut from its source on demand (the source keeps the one copy). */
export class SourcePassage implements Passage {
  constructor(
    readonly id: number,
    readonly sourceKey: string,
    readonly start: number,
    readonly end: number,
    readonly page: number | undefined,
    private readonly source: Source,
    /** Where it starts in its file: UTF-8 byte offset, line, character (-1: not known). */
    private readonly byteStart: number,
    private readonly fileLine: number,
    private readonly fileCharacter: number,
  ) {}
  get text(): string {
    const cached = recentTexts.get(this);
    if (cached?.text !== undefined) return cached.text;
    const raw = this.rawText ?? '';
    const text = passageText(raw, 0, raw.length);
    remember(this, raw, text);
    return text;
  }
  get rawText(): string | undefined {
    const cached = recentTexts.get(this);
    if (cached) return cached.raw;
    const s = this.source;
    const raw = s.textSlice ? s.textSlice(this.start, this.end, this.byteStart) : s.text?.slice(this.start, this.end);
    if (raw !== undefined) remember(this, raw);
    return raw;
  }
  get line(): number | undefined {
    return this.fileLine >= 0 ? this.fileLine : undefined;
  }
  get character(): number | undefined {
    return this.fileLine >= 0 ? this.fileCharacter : undefined;
  }
}

/**
 * The texts of the passages read last: one request reads the same few passages several times (a
 * search re-ranks 40 by word pairs, then returns 30 with their text; a check reads the windows of
 * the ones it found), and a passage read alone is a file read. Bounded, least recently used first
 * out; a source's texts do not change under its passages (a changed source gets new passages).
 */
const RECENT_TEXTS = 512;
const recentTexts = new Map<SourcePassage, { raw: string; text?: string }>();

function remember(passage: SourcePassage, raw: string, text?: string): void {
  recentTexts.delete(passage);
  recentTexts.set(passage, { raw, text });
  if (recentTexts.size > RECENT_TEXTS) recentTexts.delete(recentTexts.keys().next().value!);
}

export class PassageTable {
  /** (start, end, page or 0) per passage, as the index cache stores them: a load adopts its section. */
  private spans: Int32Array<ArrayBufferLike> = new Int32Array(1024 * 3);
  /** locatePassages' [byte offset, line, character] per passage; -1 where not known. */
  private locators: Int32Array<ArrayBufferLike> = new Int32Array(1024 * LOCATOR_FIELDS).fill(-1);
  /** Index into `owners` of each passage's source (one entry per appended run). */
  private ownerOf = new Int32Array(1024);
  private readonly owners: Source[] = [];
  /** Passage objects made so far, by id. */
  private readonly objects: (Passage | undefined)[] = [];
  /** Ids handed out (passages of removed sources included: ids are never reused). */
  length = 0;

  /**
   * Appends a source's passages given as (start, end, page or 0) triples, with where each
   * starts in its file if known (locatePassages); returns the first id.
   */
  appendSpans(source: Source, spans: ArrayLike<number>, locators?: ArrayLike<number>): number {
    return this.appendRuns([{ source, passages: Math.floor(spans.length / 3) }], spans, locators);
  }

  /**
   * Appends the passages of several sources at once, `runs` saying whose they are in order;
   * `spans` and `locators` as appendSpans takes them, for all runs together. An empty table
   * adopts the arrays as they are (a warm start's 450,000 passages are not copied).
   */
  appendRuns(runs: readonly { source: Source; passages: number }[], spans: ArrayLike<number>, locators?: ArrayLike<number>): number {
    const first = this.length;
    const count = runs.reduce((n, r) => n + r.passages, 0);
    if (count === 0) return first;
    if (spans.length < count * 3) throw new Error('fewer spans than passages');
    const withLocators = locators !== undefined && locators.length === count * LOCATOR_FIELDS;
    // Columns of an empty table are adopted as they are (the cache's, on a warm start), with any
    // room they have after the `count` passages for the passages of later edits.
    const capacity = spans.length / 3;
    if (first === 0 && spans instanceof Int32Array && locators instanceof Int32Array && Number.isInteger(capacity) && locators.length === capacity * LOCATOR_FIELDS) {
      this.spans = spans;
      this.locators = locators;
      this.locators.fill(-1, count * LOCATOR_FIELDS);
      this.ownerOf = new Int32Array(capacity);
    } else {
      this.reserve(first + count);
      this.spans.set(spans.length === count * 3 ? spans : Array.prototype.slice.call(spans, 0, count * 3), first * 3);
      if (withLocators) this.locators.set(locators, first * LOCATOR_FIELDS);
    }
    let id = first;
    for (const run of runs) {
      if (run.passages === 0) continue;
      this.ownerOf.fill(this.owners.length, id, id + run.passages);
      this.owners.push(run.source);
      id += run.passages;
    }
    this.length = first + count;
    return first;
  }

  /** The passage with this id (made on first request), or undefined past the end. */
  get(id: number): Passage | undefined {
    if (id < 0 || id >= this.length) return undefined;
    let p = this.objects[id];
    if (!p) {
      const source = this.owners[this.ownerOf[id]];
      const at = id * LOCATOR_FIELDS;
      const [byteStart, line, character] = [this.locators[at], this.locators[at + 1], this.locators[at + 2]];
      this.objects[id] = p = new SourcePassage(id, source.key, this.spans[id * 3], this.spans[id * 3 + 1], this.spans[id * 3 + 2] || undefined, source, byteStart, line, character);
    }
    return p;
  }

  /** Passages start..end-1. */
  slice(start: number, end: number): Passage[] {
    const out: Passage[] = [];
    for (let id = start; id < end; id++) out.push(this.get(id)!);
    return out;
  }

  /** Column reads that make no object (ranking ties, the cache writer). */
  sourceKeyOf(id: number): string {
    return this.owners[this.ownerOf[id]].key;
  }
  startOf(id: number): number {
    return this.spans[id * 3];
  }
  endOf(id: number): number {
    return this.spans[id * 3 + 1];
  }
  pageOf(id: number): number | undefined {
    return this.spans[id * 3 + 2] || undefined;
  }
  /** The passage's locatePassages fields (-1 where not known). */
  locatorOf(id: number): ArrayLike<number> {
    return this.locators.subarray(id * LOCATOR_FIELDS, (id + 1) * LOCATOR_FIELDS);
  }

  /** Room for `size` passages (an adopted array is copied the first time it must grow). */
  private reserve(size: number): void {
    if (size * 3 <= this.spans.length && size <= this.ownerOf.length) return;
    // A quarter more, not double: columns adopted from the cache are exactly full, and the first
    // source added after a start at 10,000 sources would allocate and fill ~45 MB (~80 ms).
    const capacity = Math.max(size, this.ownerOf.length + (this.ownerOf.length >> 2), 1024);
    const spans = new Int32Array(capacity * 3);
    spans.set(this.spans.subarray(0, this.length * 3));
    this.spans = spans;
    const ownerOf = new Int32Array(capacity);
    ownerOf.set(this.ownerOf.subarray(0, this.length));
    this.ownerOf = ownerOf;
    const locators = new Int32Array(capacity * LOCATOR_FIELDS);
    locators.set(this.locators.subarray(0, this.length * LOCATOR_FIELDS));
    locators.fill(-1, this.length * LOCATOR_FIELDS);
    this.locators = locators;
  }
}
