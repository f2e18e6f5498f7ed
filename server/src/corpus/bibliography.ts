// Reads bibliographies (CSL-JSON, BibTeX/BibLaTeX) with citation-js, one entry at a time so
// that a broken entry is reported at its place and the others still load.
import { citationJs } from './citationJs';
import type { CorpusProblem, CslItem, FilePosition, FileRange, PartialDate } from './types';
import { LineMap } from './positions';

export interface BibliographyEntry {
  /** The citation key (item.id, known without parsing the item). */
  key: string;
  item: CslItem;
  /** Where the entry stands in the bibliography file. */
  range: FileRange;
  /** Attachment paths as written in the entry (relative to the bibliography, or absolute). */
  files: string[];
  /**
   * The entry as written, when it alone determines the entry: the same text is the same entry
   * (a bibliography edit then re-reads only the entries whose text changed).
   */
  text?: string;
}

export interface ParsedBibliography {
  entries: BibliographyEntry[];
  problems: CorpusProblem[];
}

export type BibliographyFormat = 'csl-json' | 'bibtex';

// (Tested without a lower-cased copy of the name: a corpus folder lists 10,000 of them.)
const CSL_JSON_FILE = /\.json$/i;
const BIBTEX_FILE = /\.(?:bib|bibtex|biblatex)$/i;

export function bibliographyFormat(path: string): BibliographyFormat | undefined {
  if (CSL_JSON_FILE.test(path)) return 'csl-json';
  if (BIBTEX_FILE.test(path)) return 'bibtex';
  return undefined;
}

export function parseBibliography(path: string, text: string): ParsedBibliography {
  const format = bibliographyFormat(path);
  if (format === 'bibtex') return parseBibtex(path, text);
  return parseCslJson(path, text);
}

function problem(file: string, range: FileRange, message: string, key?: string): CorpusProblem {
  return { file, range, severity: 'error', message, key };
}

/** Splits "a.txt; b.pdf" and Zotero's "Full Text:path:mime;Snapshot:path:mime" into paths. */
export function splitFileField(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    for (const part of v.split(';')) {
      let p = part.trim();
      if (!p) continue;
      // Zotero/JabRef "description:path:mime-type"; keep a Windows drive letter intact.
      const zotero = /^([^:]*):(.+):([a-z]+\/[\w.+-]+)$/i.exec(p);
      if (zotero) p = zotero[2];
      out.push(p.replace(/\\:/g, ':'));
    }
  }
  return out;
}

/** What a source shows of its entry without the item: title, names, date. */
export interface EntrySummary {
  title: string;
  /** Display names, "Given Family" (or the literal name). */
  authors: string[];
  /** Family names (or literal names). */
  authorFamilies: string[];
  issued?: PartialDate;
}

export function entrySummary(item: CslItem): EntrySummary {
  const names = (item.author ?? (item.editor as CslItem['author']) ?? []).map(personName);
  return { title: String(item.title ?? ''), authors: names.map((n) => n.display), authorFamilies: names.map((n) => n.family), issued: issuedDate(item) };
}

function issuedDate(item: CslItem): PartialDate | undefined {
  const issued = item.issued;
  if (!issued) return undefined;
  const parts = issued['date-parts']?.[0];
  const circa = Boolean(issued.circa);
  if (parts && parts.length > 0 && Number.isFinite(Number(parts[0]))) {
    const [y, m, d] = parts.map(Number);
    return { year: y, month: m || undefined, day: d || undefined, circa: circa || undefined };
  }
  const raw = String(issued.raw ?? issued.literal ?? '');
  const year = /\b(1[5-9]\d\d|20\d\d)\b/.exec(raw);
  return year ? { year: Number(year[1]), month: undefined, day: undefined, circa: circa || undefined } : undefined;
}

function personName(p: { family?: string; given?: string; literal?: string }): { display: string; family: string } {
  if (p.literal) return { display: p.literal, family: p.literal };
  const family = p.family ?? '';
  return { display: [p.given, family].filter(Boolean).join(' '), family };
}

// ---------------------------------------------------------------- CSL-JSON

function jsonErrorOffset(message: string, text: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return new LineMap(text).offsetAt({ line: Number(lc[1]) - 1, character: Number(lc[2]) - 1 });
  return text.length;
}

/** Offsets of each top-level object in a JSON array (for entry ranges), found by a bracket scan. */
function topLevelObjectSpans(text: string, depthAtStart = 0): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let depth = depthAtStart;
  let start = -1;
  // (Char codes, and strings skipped with indexOf: 10,000 entries are ~3 MB to walk.)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // To the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return spans;
        let slashes = 0;
        while (text.charCodeAt(close - 1 - slashes) === 92 /* \\ */) slashes++;
        i = close;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (c === 123 && depth === 1) start = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (c === 125 && depth === 1 && start >= 0) {
        spans.push({ start, end: i + 1 });
        start = -1;
      }
    }
  }
  return spans;
}

/**
 * What citation-js does to a CSL-JSON object it is given (`new Cite(item, { forceType:
 * '@csl/object' })`: its util.upgradeCsl, on a copy), without the per-entry cost of going through
 * Cite (10,000 entries: ~150 ms on every start): old CSL 1.0.1 variables renamed.
 */
function upgradeCsl(item: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  if ('event' in out) {
    out['event-title'] = out.event;
    delete out.event;
  }
  if (out.type === 'book' && 'version' in out) out.type = 'software';
  return out;
}

/**
 * The last reading of each CSL-JSON file: an edit of a large bibliography (an export adding one
 * entry) re-reads only the region it changed, or else parses only the entries whose text changed.
 */
const lastReading = new Map<string, Reading>();
const MAX_REMEMBERED_BIBLIOGRAPHIES = 16;
/** Readings known but not made yet (a start from the bibliography snapshot parsed nothing). */
const deferredReadings = new Map<string, () => Reading>();

function parseCslJson(path: string, text: string): ParsedBibliography {
  const previous = lastReading.get(path) ?? deferredReadings.get(path)?.();
  deferredReadings.delete(path);
  let lines: LineMap | undefined;
  const lineMap = () => (lines ??= new LineMap(text));
  const parsed =
    (previous && parseChangedRegion(path, text, previous)) ||
    (previous && parseEditedCslJson(path, text, lineMap(), previous.byText())) ||
    parseWholeCslJson(path, text, lineMap());
  remember(path, new Reading(text, parsed));
  return parsed;
}

function remember(path: string, reading: Reading): void {
  lastReading.delete(path);
  lastReading.set(path, reading);
  // (Bounded: bibliographies read once, e.g. of a folder no longer open, are let go.)
  if (lastReading.size > MAX_REMEMBERED_BIBLIOGRAPHIES) lastReading.delete(lastReading.keys().next().value!);
}

/** An entry of a reading known from the bibliography snapshot: where it stands in the text, and what it says without parsing it. */
export interface KnownEntry {
  key: string;
  range: FileRange;
  files: string[];
  /** Its text's offsets in the bibliography's text. */
  start: number;
  end: number;
}

/**
 * Registers the reading of CSL-JSON bibliography `path` that gave `count` entries (`entry(i)`)
 * and `problems` (from the snapshot), to be made when an edit first needs it: `text` gives the
 * file's text then.
 */
export function deferBibliographyReading(path: string, text: () => string, count: number, entry: (i: number) => KnownEntry, problems: CorpusProblem[]): void {
  lastReading.delete(path);
  deferredReadings.set(path, () => {
    const whole = { text: text() };
    const lazy: LazyEntry[] = [];
    const starts = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const e = entry(i);
      lazy.push(new LazyEntry(e.key, e.range, e.files, whole, e.start, e.end));
      starts[i] = e.start;
    }
    return new Reading(whole.text, { entries: lazy, problems }, starts);
  });
}

/** Makes a deferred reading of `path` now (work for an idle moment: it decodes the file's text). */
export function prepareBibliographyReading(path: string): void {
  const make = deferredReadings.get(path);
  if (!make) return;
  deferredReadings.delete(path);
  remember(path, make());
}

/**
 * An entry of a reading made from the snapshot: its text is cut from the bibliography's text, and
 * its item parsed from that, when first asked for (an edit parses only the entries it changed).
 */
class LazyEntry implements BibliographyEntry {
  private parsed?: CslItem;
  constructor(
    readonly key: string,
    readonly range: FileRange,
    readonly files: string[],
    private readonly whole: { text: string },
    private readonly start: number,
    private readonly end: number,
  ) {}
  get text(): string {
    return this.whole.text.slice(this.start, this.end);
  }
  get item(): CslItem {
    return (this.parsed ??= cslItemOfEntryText(this.text));
  }
  withRange(range: FileRange): LazyEntry {
    return new LazyEntry(this.key, range, this.files, this.whole, this.start, this.end);
  }
}

/** The entry at another place in the file (a spread would not copy a lazy entry's text and item). */
function withRange(e: BibliographyEntry, range: FileRange): BibliographyEntry {
  return e instanceof LazyEntry ? e.withRange(range) : { ...e, range };
}

/**
 * The last reading of a CSL-JSON file. When it was a plain array of entries, all read, `entries`
 * holds them in file order (their texts are the array's elements), so that the next reading
 * re-reads only the region an edit changed.
 */
class Reading {
  readonly entries?: BibliographyEntry[];
  private textIndex?: Map<string, BibliographyEntry>;
  /** Offsets of each entry's text in `text` (aligned with `entries`). */
  readonly starts?: Int32Array;

  constructor(
    readonly text: string,
    private readonly parsed: ParsedBibliography,
    /** The entries' offsets, when known (a reading from the snapshot). */
    known?: Int32Array,
  ) {
    if (parsed.problems.length > 0) return;
    if (known) {
      this.entries = parsed.entries;
      this.starts = known;
      return;
    }
    if (parsed.entries.some((e) => e.text === undefined)) return;
    // The texts are in file order: each found after the one before.
    const starts = new Int32Array(parsed.entries.length);
    let at = 0;
    for (let i = 0; i < parsed.entries.length; i++) {
      const e = parsed.entries[i];
      const found = text.indexOf(e.text!, at);
      if (found < 0) return;
      starts[i] = found;
      at = found + e.text!.length;
    }
    this.entries = parsed.entries;
    this.starts = starts;
  }

  /** Entries by their text (for a reading that is not an edit of a plain array). */
  byText(): Map<string, BibliographyEntry> {
    return (this.textIndex ??= new Map(this.parsed.entries.flatMap((e) => (e.text === undefined ? [] : [[e.text, e] as const]))));
  }
}

function parseWholeCslJson(path: string, text: string, lines: LineMap): ParsedBibliography {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(String((e as Error).message), text);
    const detail = String((e as Error).message).replace(/^JSON\.parse: /, '');
    return {
      entries: [],
      problems: [problem(path, lines.rangeOf(offset, offset + 1), `This bibliography is not valid JSON (${detail}). Fix the syntax; no entry of this file is loaded until then.`)],
    };
  }
  const items = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(items)) {
    return {
      entries: [],
      problems: [problem(path, lines.rangeOf(0, 1), 'A CSL-JSON bibliography must be an array of entries ([{"id": "key", ...}, ...]).')],
    };
  }
  const spans = topLevelObjectSpans(text);
  // Each entry's own text, when the spans found are surely the entries (a plain array of them).
  const spansAreEntries = Array.isArray(data) && spans.length === items.length;
  const entries: BibliographyEntry[] = [];
  const problems: CorpusProblem[] = [];
  items.forEach((raw, i) => {
    const span = spans[i] ?? { start: 0, end: 1 };
    readCslEntry(path, raw, i, lines.rangeOf(span.start, span.end), spansAreEntries ? text.slice(span.start, span.end) : undefined, entries, problems);
  });
  return { entries, problems };
}

/**
 * The same reading as parseWholeCslJson for a file that is a plain array of objects, reusing the
 * entries whose text `previous` holds; undefined when the file is anything else (or an entry is
 * not valid JSON), for the whole reading to say what is wrong.
 */
function parseEditedCslJson(path: string, text: string, lines: LineMap, previous: Map<string, BibliographyEntry>): ParsedBibliography | undefined {
  const spans = topLevelObjectSpans(text);
  if (spans.length === 0) return undefined;
  // Between the objects only the array's brackets and commas: then the objects are its elements.
  if (!onlySeparator(text, 0, spans[0].start, 91 /* [ */) || !onlySeparator(text, spans[spans.length - 1].end, text.length, 93 /* ] */)) return undefined;
  for (let i = 1; i < spans.length; i++) if (!onlySeparator(text, spans[i - 1].end, spans[i].start, 44 /* , */)) return undefined;
  const entries: BibliographyEntry[] = [];
  const problems: CorpusProblem[] = [];
  for (let i = 0; i < spans.length; i++) {
    const entryText = text.slice(spans[i].start, spans[i].end);
    const range = lines.rangeOf(spans[i].start, spans[i].end);
    const known = previous.get(entryText);
    if (known) {
      entries.push(withRange(known, range));
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(entryText);
    } catch {
      return undefined;
    }
    readCslEntry(path, raw, i, range, entryText, entries, problems);
  }
  return { entries, problems };
}

/** Whether text[from, to) is JSON white space around exactly one `separator` character. */
/**
 * The reading of a plain array of entries edited in one place, from its last reading: the entries
 * before and after the changed region are the same (those after moved by the edit), only the
 * entries in between are found and read. At 10,000 entries this spares scanning, slicing and
 * looking up 3 MB on every edit. Undefined when the last reading was not of such an array, or the
 * edited region is not made of whole entries and separators (the full readings then apply).
 */
function parseChangedRegion(path: string, text: string, previous: Reading): ParsedBibliography | undefined {
  const old = previous.text;
  const entries = previous.entries;
  const starts = previous.starts;
  if (!entries || !starts || entries.length === 0) return undefined;
  // The changed region: old[prefix, oldEnd) became text[prefix, newEnd).
  const shorter = Math.min(old.length, text.length);
  // (Compared a block at a time — string comparison is native — then a character at a time.)
  let prefix = 0;
  while (prefix + DIFF_BLOCK <= shorter && old.slice(prefix, prefix + DIFF_BLOCK) === text.slice(prefix, prefix + DIFF_BLOCK)) prefix += DIFF_BLOCK;
  while (prefix < shorter && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = shorter - prefix;
  while (suffix + DIFF_BLOCK <= room && old.slice(old.length - suffix - DIFF_BLOCK, old.length - suffix) === text.slice(text.length - suffix - DIFF_BLOCK, text.length - suffix)) suffix += DIFF_BLOCK;
  while (suffix < room && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = old.length - suffix;
  const newEnd = text.length - suffix;
  const delta = text.length - old.length;
  const endOf = (i: number) => starts[i] + entries[i].text!.length;
  // Entries wholly before the change, and the first one wholly after it.
  let before = 0;
  while (before < entries.length && endOf(before) <= prefix) before++;
  let after = before;
  while (after < entries.length && starts[after] < oldEnd) after++;
  // The new text between the kept entries: separators and whole entries only.
  if (before === 0 && after === entries.length) return undefined; // (nothing kept: read it whole)
  const from = before > 0 ? endOf(before - 1) : 0;
  const to = after < entries.length ? starts[after] + delta : text.length;
  if (to < from) return undefined;
  const region = text.slice(from, to);
  const found = topLevelObjectSpans(region, before > 0 ? 1 : 0);
  const bounds = [from, ...found.flatMap((f) => [from + f.start, from + f.end]), to];
  for (let k = 0; k + 1 < bounds.length; k += 2) {
    const first = k === 0;
    const last = k + 2 === bounds.length;
    const separator = first && before === 0 ? 91 /* [ */ : last && after === entries.length ? 93 /* ] */ : 44; /* , */
    if (!onlySeparator(text, bounds[k], bounds[k + 1], separator)) return undefined;
  }
  // Positions: before the change as they were; after it, moved by the lines (and on the change's
  // last line, the columns) the edit added or removed.
  const lineStartBefore = (t: string, at: number) => t.lastIndexOf('\n', at - 1) + 1;
  const oldCol = oldEnd - lineStartBefore(old, oldEnd);
  const newCol = newEnd - lineStartBefore(text, newEnd);
  const lineDelta = countNewlines(text, prefix, newEnd) - countNewlines(old, prefix, oldEnd);
  const moved = (pos: FilePosition, offset: number): FilePosition => {
    const sameLineAsChange = offset - pos.character <= oldEnd;
    return { line: pos.line + lineDelta, character: sameLineAsChange ? pos.character - oldCol + newCol : pos.character };
  };
  const out: BibliographyEntry[] = entries.slice(0, before);
  const problems: CorpusProblem[] = [];
  // The region's entries: lines counted on from the last kept entry's end (or the file start).
  let line = before > 0 ? entries[before - 1].range.end.line : 0;
  let lineStart = before > 0 ? from - entries[before - 1].range.end.character : 0;
  let at = from;
  const position = (offset: number): FilePosition => {
    for (let n = text.indexOf('\n', at); n >= 0 && n < offset; n = text.indexOf('\n', n + 1)) {
      line++;
      lineStart = n + 1;
    }
    at = Math.max(at, offset);
    return { line, character: offset - lineStart };
  };
  for (let k = 0; k < found.length; k++) {
    const start = from + found[k].start;
    const end = from + found[k].end;
    const entryText = text.slice(start, end);
    let raw: unknown;
    try {
      raw = JSON.parse(entryText);
    } catch {
      return undefined;
    }
    readCslEntry(path, raw, before + k, { start: position(start), end: position(end) }, entryText, out, problems);
  }
  for (let i = after; i < entries.length; i++) {
    const e = entries[i];
    const start = starts[i];
    const end = endOf(i);
    out.push(withRange(e, { start: moved(e.range.start, start), end: moved(e.range.end, end) }));
  }
  return { entries: out, problems };
}

const DIFF_BLOCK = 4096;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function onlySeparator(text: string, from: number, to: number, separator: number): boolean {
  let seen = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === separator) seen++;
    else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return seen === 1;
}

/** The CSL item of an entry object with an id (citation-js's reading of it, with the id a string). */
function cslItemOf(rec: Record<string, unknown>, id: string | number): CslItem {
  return { ...upgradeCsl(rec), id: String(id) } as CslItem;
}

/** The CSL item of a CSL-JSON entry's text, which was read before as a valid entry. */
export function cslItemOfEntryText(text: string): CslItem {
  const rec = JSON.parse(text) as Record<string, unknown>;
  return cslItemOf(rec, (rec.id ?? rec['citation-key']) as string | number);
}

/** One element of a CSL-JSON array: an entry, or the problem that keeps it out. */
function readCslEntry(path: string, raw: unknown, i: number, range: FileRange, entryText: string | undefined, entries: BibliographyEntry[], problems: CorpusProblem[]): void {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(problem(path, range, `Entry ${i + 1} is not an object; each CSL-JSON entry is {"id": "key", ...}.`));
    return;
  }
  const rec = raw as Record<string, unknown>;
  const id = rec.id ?? rec['citation-key'];
  if (typeof id !== 'string' && typeof id !== 'number') {
    problems.push(problem(path, range, `Entry ${i + 1} has no "id": add "id": "<citation key>" so briefs can cite it.`));
    return;
  }
  try {
    entries.push({ key: String(id), item: cslItemOf(rec, id), range, files: splitFileField(rec.file ?? rec.files), text: entryText });
  } catch (e) {
    problems.push(problem(path, range, `Entry "${id}" could not be read: ${(e as Error).message}`, String(id)));
  }
}

// ---------------------------------------------------------------- BibTeX

/** Start offsets of `@type{` entries (comments, preambles and strings are kept with their neighbours). */
function bibtexEntryStarts(text: string): number[] {
  const starts: number[] = [];
  const re = /(^|\n)[ \t]*@[A-Za-z]+[ \t]*[{(]/g;
  for (const m of text.matchAll(re)) starts.push((m.index ?? 0) + m[1].length);
  return starts;
}

/** Reads a field's raw value (balanced braces or quotes) out of one entry's text. */
export function bibtexField(entryText: string, field: string): string | undefined {
  const re = new RegExp(`[,{\\s]${field}\\s*=\\s*`, 'i');
  const m = re.exec(entryText);
  if (!m) return undefined;
  let i = (m.index ?? 0) + m[0].length;
  const open = entryText[i];
  if (open === '{') {
    let depth = 0;
    const start = i + 1;
    for (; i < entryText.length; i++) {
      if (entryText[i] === '\\') { i++; continue; }
      if (entryText[i] === '{') depth++;
      else if (entryText[i] === '}' && --depth === 0) return entryText.slice(start, i);
    }
    return undefined;
  }
  if (open === '"') {
    const end = entryText.indexOf('"', i + 1);
    return end > i ? entryText.slice(i + 1, end) : undefined;
  }
  return /^[^,}\s]+/.exec(entryText.slice(i))?.[0];
}

function parseBibtex(path: string, text: string): ParsedBibliography {
  const lines = new LineMap(text);
  const starts = bibtexEntryStarts(text);
  const entries: BibliographyEntry[] = [];
  const problems: CorpusProblem[] = [];
  // @string macros are shared by all entries: prepend them to each chunk.
  const macros = starts
    .map((s, i) => text.slice(s, starts[i + 1] ?? text.length))
    .filter((chunk) => /^@string\b/i.test(chunk))
    .join('\n');
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const chunk = text.slice(start, end);
    if (/^@(string|preamble|comment)\b/i.test(chunk)) return;
    const range = lines.rangeOf(start, start + chunk.trimEnd().length);
    const key = /^@[A-Za-z]+\s*[{(]\s*([^,\s]+)/.exec(chunk)?.[1];
    try {
      const data = new (citationJs().Cite)(macros + '\n' + chunk, { forceType: '@biblatex/text' }).data as CslItem[];
      if (data.length === 0) throw new Error('no entry found');
      for (const item of data) {
        const cleaned = { ...item };
        delete (cleaned as Record<string, unknown>)._graph;
        // (@string macros shared by all entries also make an entry: then its text is not enough.)
        entries.push({ key: cleaned.id, item: cleaned, range, files: splitFileField(bibtexField(chunk, 'file')), text: macros || data.length > 1 ? undefined : chunk });
      }
    } catch (e) {
      const msg = String((e as Error).message).split('\n')[0];
      const at = /at line (\d+) col (\d+)/.exec(msg);
      let where = range;
      if (at) {
        const macroLines = macros ? macros.split('\n').length : 1;
        const rel = new LineMap(chunk).offsetAt({ line: Number(at[1]) - 1 - macroLines, character: Number(at[2]) - 1 });
        where = lines.rangeOf(start + rel, start + rel + 1);
      }
      const what = key ? `Entry "${key}"` : `The entry at line ${range.start.line + 1}`;
      problems.push(problem(path, where, `${what} is not valid BibTeX (${msg.replace(/ at line \d+ col \d+.*/, '')}). Fix it; the other entries still load.`, key));
    }
  });
  if (starts.length === 0 && text.trim()) {
    problems.push(problem(path, lines.rangeOf(0, 1), 'No BibTeX entries found: entries start with @type{key, ...}.'));
  }
  return { entries, problems };
}
