// The CSL-JSON bibliographies as last read, kept beside the index cache. A warm start whose
// bibliography has the same bytes makes its sources from this snapshot (keys, titles, names,
// dates, files and where each entry stands) instead of decoding and parsing every entry: at
// 10,000 entries that is ~200 ms of the start. Each entry's CSL item and text are decoded from
// the file's bytes only when something asks for them (a hover, a reference list, an edit), and
// its title, names, date and place are cut from the snapshot's columns when first read: a start
// makes few objects per entry, since it is the garbage collector's copying of them that costs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bibliographyFormat, cslItemOfEntryText, deferBibliographyReading, entrySummary, type BibliographyEntry } from './bibliography';
import { decodeTextFile } from './fileHost';
import type { LazyText } from './lazyText';
import type { CorpusProblem, CslItem, FileRange, PartialDate, Source } from './types';

/** Bump when what an entry reads as changes (bibliography.ts's CSL reading, makeSource's fields). */
export const SNAPSHOT_FORMAT = 2;

/** Separates the names of one entry in `text`. */
const NAME_SEPARATOR = '\u001f';

/** One bibliography's reading, as columns (one array per field, an entry's values at its index). */
interface SnapshotBibliography {
  path: string;
  size: number;
  /** contentHash of the file's bytes. */
  hash: string;
  problems: CorpusProblem[];
  keys: string[];
  /** Each entry's title, display names and family names (joinNames), one after the other. */
  text: string;
  /** Where in `text` each entry's title, names and family names end (3 per entry). */
  ends: number[];
  /** year, month (0: none), day (0: none), circa (0/1; -1: no date) per entry. */
  issued: number[];
  /** start line, start character, end line, end character per entry. */
  ranges: number[];
  /** The entry's UTF-8 byte offsets in the file: start, end per entry. */
  bytes: number[];
  /** Its offsets in the file's text (UTF-16, after a byte-order mark): start, end per entry. */
  chars: number[];
  /** The "file" field's paths as written. */
  files: string[][];
}

interface SnapshotFile {
  format: number;
  bibliographies: SnapshotBibliography[];
}

/**
 * A bibliography's entries, read or taken from the snapshot, by index (no object per entry: a
 * snapshot's are read from its columns).
 */
export interface EntryReadings {
  readonly length: number;
  key(i: number): string;
  range(i: number): FileRange;
  /** Paths as written in the entry. */
  files(i: number): string[];
  /** The entry's text as written (decoded on demand for a snapshot's entries). */
  text(i: number): string | undefined;
  /** The source entry i defines (files resolved by the caller). */
  toSource(i: number, bibliographyPath: string, files: string[]): Source;
}

function rangeAt(r: readonly number[], i: number): FileRange {
  return { start: { line: r[i * 4], character: r[i * 4 + 1] }, end: { line: r[i * 4 + 2], character: r[i * 4 + 3] } };
}

/** The entries of a snapshot bibliography whose bytes are `bytes`. */
class SnapshotReadings implements EntryReadings {
  readonly length: number;
  constructor(
    private readonly b: SnapshotBibliography,
    private readonly bytes: Buffer,
  ) {
    this.length = b.keys.length;
  }
  key(i: number): string {
    return this.b.keys[i];
  }
  range(i: number): FileRange {
    return rangeAt(this.b.ranges, i);
  }
  files(i: number): string[] {
    return this.b.files[i];
  }
  text(i: number): string {
    return this.bytes.toString('utf8', this.b.bytes[i * 2], this.b.bytes[i * 2 + 1]);
  }
  toSource(i: number, bibliographyPath: string, files: string[]): Source {
    return new SnapshotSource(this.b, i, this.bytes, bibliographyPath, files);
  }
}

export class BibliographySnapshot {
  private readonly byPath = new Map<string, SnapshotBibliography>();
  /** Whether a reading was recorded since the file was read (it should be written). */
  changed = false;

  /** Reads the snapshot file; a missing one is empty, a broken or foreign one is empty with a log line. */
  static read(file: string, log: (message: string) => void): BibliographySnapshot {
    const snapshot = new BibliographySnapshot();
    let data: string;
    try {
      data = fs.readFileSync(file, 'latin1');
    } catch {
      return snapshot;
    }
    try {
      const parsed = JSON.parse(data) as SnapshotFile;
      if (parsed?.format !== SNAPSHOT_FORMAT || !Array.isArray(parsed.bibliographies)) throw new Error(`format ${parsed?.format}, expected ${SNAPSHOT_FORMAT}`);
      for (const b of parsed.bibliographies) {
        const n = b.keys?.length;
        const consistent =
          typeof b.path === 'string' && typeof b.hash === 'string' && typeof b.size === 'number' && Array.isArray(b.problems) && Array.isArray(b.keys) &&
          typeof b.text === 'string' && b.ends?.length === n * 3 && b.files?.length === n && b.ends.every((e, k) => e >= (k > 0 ? b.ends[k - 1] : 0) && e <= b.text.length) &&
          b.issued?.length === n * 4 && b.ranges?.length === n * 4 && b.bytes?.length === n * 2 && b.chars?.length === n * 2;
        if (!consistent) throw new Error('inconsistent entries');
        snapshot.byPath.set(b.path, b);
      }
    } catch (e) {
      log(`Bibliography snapshot ${file} is unusable (${(e as Error).message}); discarding it and reading the bibliographies in full.`);
      try {
        fs.rmSync(file, { force: true });
      } catch {
        /* rewritten after this load anyway */
      }
      snapshot.byPath.clear();
    }
    return snapshot;
  }

  /**
   * The entries and problems of bibliography `file` as last read, when `bytes` (its content now)
   * are what was read then; undefined otherwise. The reading itself, which an edit of the file
   * starts from, is made when first needed (bibliography.ts's deferred readings).
   */
  entries(file: string, bytes: Uint8Array, hash: string): { entries: EntryReadings; problems: CorpusProblem[] } | undefined {
    const b = this.byPath.get(file);
    if (!b || b.size !== bytes.length || b.hash !== hash) return undefined;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const entries = new SnapshotReadings(b, buf);
    deferBibliographyReading(file, () => decodeTextFile(buf), b.keys.length, (i) => ({ key: b.keys[i], range: rangeAt(b.ranges, i), files: b.files[i], start: b.chars[i * 2], end: b.chars[i * 2 + 1] }), b.problems);
    return { entries, problems: b.problems };
  }

  /** Records a bibliography's full reading (CSL-JSON only, and only when its entries are exactly located in the bytes). */
  record(file: string, bytes: Uint8Array, hash: string, text: string, entries: readonly BibliographyEntry[], problems: readonly CorpusProblem[]): void {
    this.changed = true;
    this.byPath.delete(file);
    if (bibliographyFormat(file) !== 'csl-json') return;
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    // Byte offsets follow from the text only if it is exactly what the bytes decode to (no
    // replaced invalid sequence).
    if (!Buffer.from(text, 'utf8').equals(Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom))) return;
    const b: SnapshotBibliography = { path: file, size: bytes.length, hash, problems: [...problems], keys: [], text: '', ends: [], issued: [], ranges: [], bytes: [], chars: [], files: [] };
    const text_: string[] = [];
    let textLength = 0;
    const add = (part: string) => {
      text_.push(part);
      textLength += part.length;
      b.ends.push(textLength);
    };
    let charAt = 0;
    let byteAt = bom;
    for (const e of entries) {
      if (e.text === undefined) return;
      const start = text.indexOf(e.text, charAt);
      if (start < 0) return;
      const byteStart = byteAt + Buffer.byteLength(text.slice(charAt, start));
      const byteEnd = byteStart + Buffer.byteLength(e.text);
      charAt = start + e.text.length;
      byteAt = byteEnd;
      const s = entrySummary(e.item);
      // (A name holding the separator would split in two: such a file is not kept.)
      if ([...s.authors, ...s.authorFamilies].some((n) => n.includes(NAME_SEPARATOR))) return;
      b.keys.push(e.key);
      add(s.title);
      add(joinNames(s.authors));
      add(joinNames(s.authorFamilies));
      b.issued.push(s.issued?.year ?? 0, s.issued?.month ?? 0, s.issued?.day ?? 0, !s.issued ? -1 : s.issued.circa ? 1 : 0);
      b.ranges.push(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      b.bytes.push(byteStart, byteEnd);
      b.chars.push(start, start + e.text.length);
      b.files.push(e.files);
    }
    b.text = text_.join('');
    this.byPath.set(file, b);
  }

  /** Writes the snapshot of `bibliographies` (those recorded) atomically. */
  write(file: string, bibliographies: readonly string[]): void {
    const data: SnapshotFile = { format: SNAPSHOT_FORMAT, bibliographies: bibliographies.flatMap((p) => this.byPath.get(p) ?? []) };
    // ASCII only (\u escapes), as the index cache's header: V8 parses a one-byte string faster.
    const json = JSON.stringify(data).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, json, 'latin1');
    fs.renameSync(tmp, file);
  }
}

/**
 * A source made from the snapshot: what it says is read from the snapshot's columns, and its CSL
 * item and entry text from the bibliography's bytes, each on first use, and its text through the
 * LazyText it holds. (A class, not an object literal with accessors, which take ~4 µs each to
 * make. Its accessors are not own properties: a copy is made with copySource, not a spread.)
 */
class SnapshotSource implements Source {
  readonly key: string;
  declare textPath?: string;
  private item?: CslItem;
  private decoded?: string;
  private titleText?: string;
  private names?: string[];
  private families?: string[];
  private date?: PartialDate | null;
  private place?: FileRange;
  private lazy?: LazyText;
  private own?: string;

  constructor(
    private readonly b: SnapshotBibliography,
    private readonly i: number,
    private readonly bytes: Buffer,
    readonly bibliographyPath: string,
    readonly files: string[],
  ) {
    this.key = b.keys[i];
  }

  /** Field f (0 title, 1 names, 2 family names) of the entry in the snapshot's text. */
  private field(f: number): string {
    const at = this.i * 3 + f;
    return this.b.text.slice(at > 0 ? this.b.ends[at - 1] : 0, this.b.ends[at]);
  }
  get title(): string {
    return (this.titleText ??= this.field(0));
  }
  get authors(): string[] {
    return (this.names ??= splitNames(this.field(1)));
  }
  get authorFamilies(): string[] {
    return (this.families ??= splitNames(this.field(2)));
  }
  get issued(): PartialDate | undefined {
    if (this.date === undefined) {
      const d = this.b.issued;
      const i = this.i * 4;
      this.date = d[i + 3] < 0 ? null : { year: d[i], month: d[i + 1] || undefined, day: d[i + 2] || undefined, circa: d[i + 3] ? true : undefined };
    }
    return this.date ?? undefined;
  }
  get entryRange(): FileRange {
    return (this.place ??= rangeAt(this.b.ranges, this.i));
  }
  set entryRange(value: FileRange) {
    this.place = value;
  }
  get csl(): CslItem {
    return (this.item ??= cslItemOfEntryText(this.entryText));
  }
  set csl(value: CslItem) {
    this.item = value;
  }
  get entryText(): string {
    return (this.decoded ??= this.bytes.toString('utf8', this.b.bytes[this.i * 2], this.b.bytes[this.i * 2 + 1]));
  }
  set entryText(value: string) {
    this.decoded = value;
  }
  get text(): string | undefined {
    return this.lazy ? this.lazy.text() : this.own;
  }
  set text(value: string | undefined) {
    if (this.lazy) this.lazy.pinned = value;
    else this.own = value;
  }
  textSlice(start: number, end: number, byteStart?: number): string {
    return this.lazy ? this.lazy.slice(start, end, byteStart) : (this.own ?? '').slice(start, end);
  }
  /** (attachLazyText gives the text to the source to hold.) */
  holdLazyText(lazy: LazyText): void {
    this.lazy = lazy;
  }
}

/** Each name after a separator: no names is "", one empty name is a lone separator. */
function joinNames(names: readonly string[]): string {
  return names.map((n) => NAME_SEPARATOR + n).join('');
}

function splitNames(joined: string): string[] {
  return joined === '' ? [] : joined.slice(1).split(NAME_SEPARATOR);
}
