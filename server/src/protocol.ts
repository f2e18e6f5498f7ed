// Custom LSP messages between the VS Code client and the server (plain JSON shapes).
// Imported by both sides; no runtime dependency on either.

/** Server → client notification: the corpus state, for the status bar. */
export const StatusNotification = 'groundwork/status';
export interface StatusParams {
  state: 'indexing' | 'ready' | 'error';
  sources: number;
  passages: number;
  /** Problems found in bibliography or source files (shown on those files). */
  problems: number;
  /** One plain sentence for the tooltip, e.g. what failed and what to do. */
  message: string;
}

/** Client → server request: rebuild the corpus index from disk. */
export const ReindexRequest = 'groundwork/reindex';

/** Client → server request: passages matching a query, best first. */
export const SearchRequest = 'groundwork/search';
export interface SearchParams {
  query: string;
  /** The brief the search is for (its front matter may name its own bibliography). */
  uri?: string;
  limit?: number;
}
export interface SearchResult {
  key: string;
  /** "Najibullah 2008" */
  label: string;
  title: string;
  /** The passage text (plain, untrusted corpus text). */
  text: string;
  uri: string;
  /** 0-based line/character of the passage in the source file. */
  line: number;
  character: number;
  page?: number;
  score: number;
}

/** Client → server request: every source of the corpus, for "Open source" and the Sources view. */
export const SourcesRequest = 'groundwork/sources';
export interface SourcesParams {
  uri?: string;
}
export interface SourceInfo {
  key: string;
  label: string;
  title: string;
  authors: string[];
  year?: number;
  /** The source's text file, if it has one. */
  uri?: string;
  bibliographyUri: string;
  passages: number;
}

/**
 * Client → server request: citations rendered for the Markdown preview. Each group is the text of a bracketed
 * citation group (`[see @a, p. 4; @b]`) or an in-text citation (`@a`) as written in the brief; the answer has,
 * for each, the in-text citation in the style as HTML-safe markup (every character from the brief or the corpus
 * escaped; only <i>, <b>, <sup>, <sub> and Groundwork's own <span class="groundwork-…"> elements), and the
 * bibliography of every known key cited.
 */
export const RenderRequest = 'groundwork/render';
export interface RenderParams {
  /** The brief (its front matter may name its own bibliography); the default corpus without it. */
  uri?: string;
  groups: string[];
  /** `chicago-author-date` or `apa`; the `groundwork.citationStyle` setting when omitted. */
  style?: string;
}
export interface RenderGroupResult {
  text: string;
  /** Undefined when the text holds no citation (the preview then shows it unchanged). */
  html?: string;
  keys: string[];
  unknown: string[];
}
export interface RenderResult {
  style: string;
  groups: RenderGroupResult[];
  /** Reference-list entries (HTML-safe markup as above), in the style's order. */
  bibliography: string[];
}
