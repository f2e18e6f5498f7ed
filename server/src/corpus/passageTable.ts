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
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  /** Page number, 0 for none. */
  private pages = new Int32Array(1024);
  /** locatePassages' [byte offset, line, character] per passage; -1 where not known. */
  private locators = new Int32Array(1024 * LOCATOR_FIELDS).fill(-1);
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
    const first = this.length;
    const count = Math.floor(spans.length / 3);
    if (count === 0) return first;
    this.reserve(first + count);
    const owner = this.owners.length;
    this.owners.push(source);
    for (let i = 0; i < count; i++) {
      const id = first + i;
      this.starts[id] = spans[i * 3];
      this.ends[id] = spans[i * 3 + 1];
      this.pages[id] = spans[i * 3 + 2];
      this.ownerOf[id] = owner;
    }
    if (locators && locators.length === count * LOCATOR_FIELDS) this.locators.set(locators, first * LOCATOR_FIELDS);
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
      this.objects[id] = p = new SourcePassage(id, source.key, this.starts[id], this.ends[id], this.pages[id] || undefined, source, byteStart, line, character);
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
    return this.starts[id];
  }
  endOf(id: number): number {
    return this.ends[id];
  }
  pageOf(id: number): number | undefined {
    return this.pages[id] || undefined;
  }
  /** The passage's locatePassages fields (-1 where not known). */
  locatorOf(id: number): ArrayLike<number> {
    return this.locators.subarray(id * LOCATOR_FIELDS, (id + 1) * LOCATOR_FIELDS);
  }

  private reserve(size: number): void {
    if (size <= this.starts.length) return;
    const capacity = Math.max(size, this.starts.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.pages = grow(this.pages);
    this.ownerOf = grow(this.ownerOf);
    const locators = new Int32Array(capacity * LOCATOR_FIELDS).fill(-1);
    locators.set(this.locators);
    this.locators = locators;
  }
}
