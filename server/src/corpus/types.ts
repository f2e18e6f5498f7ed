// Plain data types of the corpus: no LSP, no VS Code.

/** A date known to the year, the month or the day; `circa` marks an approximate date. */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  circa?: boolean;
}

/** A CSL-JSON item as citation-js reads and writes it (only the fields we touch are typed). */
export interface CslItem {
  id: string;
  type?: string;
  title?: string;
  author?: { family?: string; given?: string; literal?: string }[];
  issued?: { 'date-parts'?: (number | string)[][]; circa?: boolean | string | number; literal?: string; raw?: string };
  [field: string]: unknown;
}

/** A position in a file: 0-based line and UTF-16 column, as editors count them. */
export interface FilePosition {
  line: number;
  character: number;
}

export interface FileRange {
  start: FilePosition;
  end: FilePosition;
}

/** Something wrong with a bibliography or a source file, reported on that file. */
export interface CorpusProblem {
  file: string;
  range: FileRange;
  severity: 'error' | 'warning';
  message: string;
  /** The entry the problem concerns, when there is one. */
  key?: string;
}

export interface Source {
  key: string;
  csl: CslItem;
  title: string;
  /** Display names, "Given Family" (or the literal name). */
  authors: string[];
  /** Family names (or literal names), for fuzzy search and in-text references. */
  authorFamilies: string[];
  issued?: PartialDate;
  /** The bibliography file that defines this entry, and where. */
  bibliographyPath: string;
  entryRange: FileRange;
  /** The entry as written in the bibliography, when that alone determines it (BibliographyEntry.text). */
  entryText?: string;
  /** Absolute paths of the entry's text files (the first readable one is indexed). */
  files: string[];
  /** Absolute path of the indexed text file, if one was read. */
  textPath?: string;
  /** The raw text of that file (offsets of passages point into it). */
  text?: string;
  /**
   * Characters start..end of `text`; when the text is not in memory and `byteStart` (where
   * `start` is in the UTF-8 file) is known, only that part of the file is read.
   */
  textSlice?(start: number, end: number, byteStart?: number): string;
}

/** A paragraph-level span of a source, the unit of retrieval and of evidence. */
export interface Passage {
  /** Position in `Corpus.passages`. */
  id: number;
  sourceKey: string;
  /** Offsets into `Source.text`. */
  start: number;
  end: number;
  /** The passage text, normalised for display and matching (escapes undone, tags dropped). */
  text: string;
  /**
   * The source text start..end as it is (offsets into it are source offsets), read alone from
   * the file when possible; undefined when the source has no text.
   */
  readonly rawText?: string;
  page?: number;
  /** Where the passage starts in its text file, when known without reading it (text files). */
  line?: number;
  character?: number;
}

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

/** Reports indexing progress (0..100) with a short message; LSP work-done progress at the edge. */
export type ProgressReporter = (percent: number, message: string) => void;

/** Cooperative cancellation, compatible with LSP's CancellationToken. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: Cancellation = { isCancellationRequested: false };
