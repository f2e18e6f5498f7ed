// Citations in VS Code's built-in Markdown preview (contributes "markdown.markdownItPlugins"): a markdown-it
// plugin turns pandoc citations (`[see @a, p. 4; @b]`, `@a`) in prose into the in-text citations of the
// chosen CSL style and appends the bibliography, as pandoc --citeproc would.
//
// markdown-it plugins are synchronous, the formatting lives in the server: the plugin reads a cache that
// is filled by the `groundwork/render` request. A render that finds groups it has not seen shows them as
// written, asks the server, and refreshes the preview when the answer arrives. The cache is emptied when
// the corpus or the style changes.
//
// Only markdown-it's inline `text` tokens outside links are rewritten, so code spans, code blocks, HTML,
// link text and URLs are never touched. Every character from the brief or the corpus is escaped by the
// server (server/src/features/render.ts); this side checks that its markup holds only the expected tags.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { findCitations } from '../../server/src/brief/citations';
import { RenderRequest, type RenderGroupResult, type RenderParams, type RenderResult } from '../../server/src/protocol';

// ------------------------------------------------------------------ the minimal markdown-it surface we use

interface MdToken {
  type: string;
  tag: string;
  content: string;
  children: MdToken[] | null;
  block: boolean;
  meta: unknown;
}
interface MdCoreState {
  src: string;
  tokens: MdToken[];
  env: unknown;
  Token: new (type: string, tag: string, nesting: number) => MdToken;
}
type MdRenderRule = (tokens: MdToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
export interface MarkdownIt {
  core: { ruler: { before(name: string, rule: string, fn: (state: MdCoreState) => void): void; push(rule: string, fn: (state: MdCoreState) => void): void } };
  renderer: { rules: Record<string, MdRenderRule | undefined> };
  utils: { escapeHtml(s: string): string };
}

// ------------------------------------------------------------------ pure helpers

export interface TextPiece {
  text: string;
  /** The piece is a citation group or an in-text citation. */
  citation: boolean;
}

/** Splits an inline text into plain runs and citations (bracketed groups whole, in-text keys alone). */
export function splitCitations(text: string): TextPiece[] {
  if (!text.includes('@')) return [{ text, citation: false }];
  const spans: [number, number][] = [];
  const seenGroups = new Set<unknown>();
  for (const c of findCitations(text)) {
    if (c.group) {
      if (seenGroups.has(c.group)) continue;
      seenGroups.add(c.group);
      // `[@]` or `[@a; @]` while typing: leave it as written.
      if (c.group.items.some((i) => !i.key)) continue;
      spans.push([c.group.start, c.group.end]);
    } else if (c.key) {
      spans.push([c.start, c.end]);
    }
  }
  if (spans.length === 0) return [{ text, citation: false }];
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const [s, e] of spans.sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    if (s > at) pieces.push({ text: text.slice(at, s), citation: false });
    pieces.push({ text: text.slice(s, e), citation: true });
    at = e;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), citation: false });
  return pieces;
}

const ALLOWED_TAG = /<\/?(?:i|b|sup|sub)>|<span class="groundwork-(?:citation|unknown)" title="[^"<>]*">|<\/span>/g;

/** True when `html` holds only the tags render.ts emits (anything else is shown escaped instead). */
export function isSafeMarkup(html: string): boolean {
  return !/[<>]/.test(html.replace(ALLOWED_TAG, ''));
}

const REFERENCES_HEADING = /^(references|bibliography|works cited|literature|sources)$/i;

/**
 * Where the bibliography goes, as pandoc places it: after a final References heading with nothing under
 * it ('under-heading'), nowhere when the brief already has a References section with entries (written by
 * "Insert/Refresh References": 'none'), else at the end under a heading of its own ('end').
 */
export function bibliographyPlacement(tokens: MdToken[]): 'end' | 'under-heading' | 'none' {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.type !== 'heading_open') continue;
    const title = tokens[i + 1]?.type === 'inline' ? tokens[i + 1].content.trim() : '';
    if (!REFERENCES_HEADING.test(title)) continue;
    const after = tokens.slice(i + 3).filter((x) => x.type !== 'groundwork_bibliography');
    if (after.some((x) => x.type === 'heading_open')) continue; // not the last section: look further up
    return after.length === 0 ? 'under-heading' : 'none';
  }
  return 'end';
}

function frontMatterOf(src: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(src);
  return m ? m[0] : '';
}

interface BibliographyMeta {
  groups: string[];
  frontMatter: string;
  placement: 'end' | 'under-heading' | 'none';
}

// ------------------------------------------------------------------ cache of rendered citations

interface DocEntry {
  signature: string;
  groups: Map<string, RenderGroupResult>;
  bibliography: string[];
}

const REFRESH_DELAY_MS = 60;

export class PreviewCitations implements vscode.Disposable {
  private readonly docs = new Map<string, DocEntry>();
  /** The newest signature asked for, per document (older answers are dropped). */
  private readonly wanted = new Map<string, string>();
  private readonly pending = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.OutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('groundwork.citationStyle') || e.affectsConfiguration('groundwork.corpus.path')) this.invalidate();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.docs.delete(doc.uri.toString());
        this.wanted.delete(doc.uri.toString());
      }),
    );
  }

  /** Forget everything rendered (the corpus or the style changed) and re-render open previews. */
  invalidate(): void {
    this.docs.clear();
    this.wanted.clear();
    this.scheduleRefresh();
  }

  /** The markdown-it plugin: `extendMarkdownIt` returns `md` after this. */
  extend(md: MarkdownIt): MarkdownIt {
    const rule = (state: MdCoreState) => this.rewrite(state);
    try {
      // Before text_join, so a backslash-escaped `\[` or `\@` (a text_special token) never joins a citation.
      md.core.ruler.before('text_join', 'groundwork_citations', rule);
    } catch {
      md.core.ruler.push('groundwork_citations', rule);
    }
    md.renderer.rules.groundwork_citation = (tokens, idx, _options, env) => {
      const text = tokens[idx].content;
      const html = this.docs.get(docKey(env))?.groups.get(text)?.html;
      return html !== undefined && isSafeMarkup(html) ? html : md.utils.escapeHtml(text);
    };
    md.renderer.rules.groundwork_bibliography = (tokens, idx, _options, env) => {
      const meta = tokens[idx].meta as BibliographyMeta;
      const entry = this.lookup(docKey(env), meta);
      if (!entry || meta.placement === 'none') return '';
      const entries = entry.bibliography.filter(isSafeMarkup);
      if (entries.length === 0) return '';
      const heading = meta.placement === 'end' ? '<h2 id="groundwork-references">References</h2>\n' : '';
      return `${heading}<div class="groundwork-references" role="list">\n${entries.map((e) => `<p class="csl-entry" role="listitem">${e}</p>`).join('\n')}\n</div>\n`;
    };
    return md;
  }

  private rewrite(state: MdCoreState): void {
    const groups: string[] = [];
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let linkDepth = 0;
      let changed = false;
      const out: MdToken[] = [];
      for (const t of block.children) {
        if (t.type === 'link_open') linkDepth++;
        else if (t.type === 'link_close') linkDepth = Math.max(0, linkDepth - 1);
        if (t.type !== 'text' || linkDepth > 0) {
          out.push(t);
          continue;
        }
        const pieces = splitCitations(t.content);
        if (!pieces.some((p) => p.citation)) {
          out.push(t);
          continue;
        }
        changed = true;
        for (const p of pieces) {
          const tok = new state.Token(p.citation ? 'groundwork_citation' : 'text', '', 0);
          tok.content = p.text;
          out.push(tok);
          if (p.citation) groups.push(p.text);
        }
      }
      if (changed) block.children = out;
    }
    if (groups.length === 0) return;
    const bib = new state.Token('groundwork_bibliography', '', 0);
    bib.block = true;
    bib.meta = { groups: [...new Set(groups)], frontMatter: frontMatterOf(state.src), placement: bibliographyPlacement(state.tokens) } satisfies BibliographyMeta;
    state.tokens.push(bib);
  }

  /** The rendered entry for this document if it matches `meta`; otherwise the last one, and a request. */
  private lookup(doc: string, meta: BibliographyMeta): DocEntry | undefined {
    const style = styleFor(doc);
    const signature = [style, meta.frontMatter, ...meta.groups].join('\u0000');
    const entry = this.docs.get(doc);
    if (entry?.signature === signature) return entry;
    if (!this.pending.has(doc + '\u0001' + signature)) {
      this.wanted.set(doc, signature);
      void this.fetch(doc, signature, { uri: doc || undefined, groups: meta.groups, style });
    }
    return entry;
  }

  private async fetch(doc: string, signature: string, params: RenderParams): Promise<void> {
    const client = this.client();
    if (!client?.isRunning()) return; // the 'ready' status invalidates the cache and re-renders
    const id = doc + '\u0001' + signature;
    this.pending.add(id);
    try {
      const result = await client.sendRequest<RenderResult>(RenderRequest, params);
      if (this.wanted.get(doc) !== signature) return;
      this.docs.set(doc, { signature, groups: new Map(result.groups.map((g) => [g.text, g])), bibliography: result.bibliography });
      this.scheduleRefresh();
    } catch (e) {
      this.output.appendLine(`[client] Rendering citations for the Markdown preview failed: ${e instanceof Error ? e.message : e}`);
      // Keep the signature so this render is not retried in a loop; the next change or reindex retries.
      if (this.wanted.get(doc) === signature) this.docs.set(doc, { signature, groups: new Map(), bibliography: [] });
    } finally {
      this.pending.delete(id);
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The document being rendered (VS Code's render env has `currentDocument`), '' for a string render. */
function docKey(env: unknown): string {
  const doc = (env as { currentDocument?: vscode.Uri } | undefined)?.currentDocument;
  return doc ? doc.toString() : '';
}

function styleFor(doc: string): string {
  let scope: vscode.Uri | undefined;
  try {
    scope = doc ? vscode.Uri.parse(doc) : undefined;
  } catch {
    scope = undefined;
  }
  return vscode.workspace.getConfiguration('groundwork', scope).get<string>('citationStyle', 'chicago-author-date');
}
