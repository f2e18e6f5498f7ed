// Quick fixes: each finding's fixes as versioned edits of exactly the ranges they change.
import { CodeAction, CodeActionKind, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from '../check/findings';
import type { Brief } from '../brief/parse';
import type { Corpus } from '../corpus/corpus';
import { renderReferences } from '../brief/referencesSection';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export function fixToEdit(doc: TextDocument, fix: Fix): WorkspaceEdit {
  const edits = fix.edits.map((e) => TextEdit.replace(Range.create(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText));
  return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
}

function overlaps(doc: TextDocument, finding: Finding, range: Range): boolean {
  const s = doc.offsetAt(range.start);
  const e = doc.offsetAt(range.end);
  return finding.start <= e && finding.end >= s;
}

/** Quick fixes for the findings under `range`, tied to the editor's diagnostics when they match. */
export function provideQuickFixes(doc: TextDocument, findings: Finding[], range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!overlaps(doc, finding, range)) continue;
    const start = doc.positionAt(finding.start);
    const diagnostic = diagnostics.find(
      (d) => d.source === DIAGNOSTIC_SOURCE && d.code === finding.code && d.range.start.line === start.line && d.range.start.character === start.character,
    );
    for (const fix of finding.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnostic ? [diagnostic] : undefined,
        isPreferred: fix.preferred || undefined,
        edit: fixToEdit(doc, fix),
      });
    }
  }
  return actions;
}

export const REFERENCES_ACTION_KIND = CodeActionKind.Source + '.groundwork.references';

/** "Insert References" / "Refresh References": the brief's cited sources in the configured style. */
export function provideReferencesAction(doc: TextDocument, brief: Brief, corpus: Corpus, style: string): CodeAction | undefined {
  const edit = renderReferences(brief, corpus, style);
  if (!edit) return undefined;
  const title = `${edit.refresh ? 'Refresh' : 'Insert'} References (${edit.count} cited source${edit.count === 1 ? '' : 's'})`;
  return { title, kind: REFERENCES_ACTION_KIND, edit: fixToEdit(doc, { title, edits: [edit] }) };
}
