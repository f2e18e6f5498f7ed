// Where and how to insert a citation for a key picked in "Search corpus".
// Pure functions (no `vscode` import) so they are unit-tested in test/unit/citationInsert.test.ts.

/** The result of deciding how to cite `key` at a cursor position on one line. */
export type CitationEdit =
  /** Insert `text` at character `offset` of the line; the cursor goes to `offset + text.length`. */
  | { kind: 'insert' | 'append'; offset: number; text: string }
  /** The cursor is in a citation group that already cites the key: nothing to insert. */
  | { kind: 'duplicate'; offset: number };

// Pandoc: a bare key starts with a letter, digit or `_` and may contain internal punctuation
// `:.#$%&-+?<>~/` when followed by a key character; anything else must be written `@{...}`.
const KEY_CHAR = String.raw`[\p{L}\p{N}_]`;
const BARE_KEY = new RegExp(String.raw`^${KEY_CHAR}(?:${KEY_CHAR}|[:.#$%&\-+?<>~/](?=${KEY_CHAR}))*$`, 'u');

/** `@key`, or `@{key}` when pandoc would not read the key bare (spaces, trailing or doubled punctuation, ...). */
export function formatCitationKey(key: string): string {
  return BARE_KEY.test(key) ? `@${key}` : `@{${key}}`;
}

/** The keys cited in a bracket group's inner text, e.g. `see @a, p. 3; -@{b c}` → ["a", "b c"]. */
export function citedKeys(groupText: string): string[] {
  const keys: string[] = [];
  // `@` must start the group, or follow a space, `;`, `-` (author suppression) or `[`; so `a@b.com` is no citation.
  const re = /(?:^|[\s;\-\[])@(?:\{([^}]*)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*))/gu;
  for (const m of groupText.matchAll(re)) keys.push(m[1] ?? m[2]);
  return keys;
}

/** Character ranges of inline code spans (`` `...` ``, ``` ``...`` ```) on the line (CommonMark: equal-length backtick runs). */
function codeSpans(line: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const runs = [...line.matchAll(/`+/g)].map((m) => ({ at: m.index ?? 0, len: m[0].length }));
  for (let i = 0; i < runs.length; i++) {
    const closing = runs.findIndex((r, j) => j > i && r.len === runs[i].len);
    if (closing < 0) continue;
    spans.push([runs[i].at, runs[closing].at + runs[closing].len]);
    i = closing;
  }
  return spans;
}

function isEscaped(line: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The bracket group around `column` on `line`, if the cursor is strictly inside one
 * (after its `[`, at or before its `]`) and it is not a link (`[text](url)` / `[text][ref]`).
 */
export function enclosingBracket(line: string, column: number): { open: number; close: number } | undefined {
  const inCode = codeSpans(line);
  const skip = (i: number) => isEscaped(line, i) || inCode.some(([s, e]) => i >= s && i < e);
  let open = -1;
  for (let i = Math.min(column, line.length) - 1; i >= 0; i--) {
    if (skip(i)) continue;
    if (line[i] === ']') return undefined;
    if (line[i] === '[') {
      open = i;
      break;
    }
  }
  if (open < 0) return undefined;
  for (let i = column; i < line.length; i++) {
    if (skip(i)) continue;
    if (line[i] === '[') return undefined;
    if (line[i] === ']') {
      const next = line[i + 1];
      if (next === '(' || next === '[') return undefined; // a link, not a citation group
      return { open, close: i };
    }
  }
  return undefined;
}

/**
 * How to cite `key` with the cursor at `column` (0-based, in UTF-16 code units like VS Code) of `line`:
 * - inside a bracketed citation group (`[see @a, p. 4|]`): append `; @key` before its `]`;
 * - inside a group that already cites `key`: nothing (`duplicate`);
 * - anywhere else: insert `[@key]`, with a space before it when the cursor follows a word or punctuation.
 */
export function citationEdit(line: string, column: number, key: string): CitationEdit {
  column = Math.max(0, Math.min(column, line.length));
  const cite = formatCitationKey(key);
  const group = enclosingBracket(line, column);
  if (group) {
    const inner = line.slice(group.open + 1, group.close);
    const keys = citedKeys(inner);
    if (keys.length > 0) {
      if (keys.includes(key)) return { kind: 'duplicate', offset: group.close };
      const beforeClose = inner.replace(/\s+$/, '');
      const offset = group.open + 1 + beforeClose.length;
      const separator = /;$/.test(beforeClose) ? ' ' : '; ';
      return { kind: 'append', offset, text: `${separator}${cite}` };
    }
  }
  const before = column > 0 ? line[column - 1] : '';
  const needsSpace = before !== '' && !/[\s(\[{"'“‘]/.test(before);
  return { kind: 'insert', offset: column, text: `${needsSpace ? ' ' : ''}[${cite}]` };
}

/**
 * Untrusted corpus text made safe and short for a QuickPick label/description/detail:
 * whitespace collapsed, `$(` (codicon syntax) defused, truncated to `max` characters with an ellipsis.
 */
export function plainPickText(text: string, max = 200): string {
  let s = text.replace(/\s+/g, ' ').trim().replace(/\$\(/g, '$\u200b(');
  if (s.length > max) {
    let cut = s.slice(0, max - 1);
    const space = cut.lastIndexOf(' ');
    if (space > max * 0.6) cut = cut.slice(0, space);
    s = `${cut.replace(/[\s,;:.]+$/, '')}…`;
  }
  return s;
}
