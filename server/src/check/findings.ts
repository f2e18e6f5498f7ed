// Findings: what the checks report, as plain values (no LSP types). Converted to LSP
// diagnostics and code actions only in server/src/features, and printed by the CLI.

/** The diagnostic codes are a contract with users' CI and tools: never rename them. */
export type FindingCode =
  | 'unknown-source'
  | 'unsupported-claim'
  | 'number-mismatch'
  | 'misdated-claim'
  | 'anachronistic-citation'
  | 'misquote'
  | 'uncited-claim'
  | 'wrong-locator';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text replacement in the brief, by document offsets. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on "fix all"/auto-fix. */
  preferred?: boolean;
}

/** A place in a corpus source that the finding rests on. */
export interface Evidence {
  sourceKey: string;
  /** Absolute path of the source text file. */
  file?: string;
  /** Offsets into the source text. */
  start: number;
  end: number;
  /** The passage text, for messages (untrusted corpus text). */
  text: string;
  message: string;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Document offsets of the flagged text in the brief. */
  start: number;
  end: number;
  message: string;
  fixes: Fix[];
  evidence: Evidence[];
}

export const SEVERITY_OF: Record<FindingCode, Severity> = {
  'unknown-source': 'error',
  'unsupported-claim': 'warning',
  'number-mismatch': 'warning',
  'misdated-claim': 'warning',
  'anachronistic-citation': 'warning',
  misquote: 'warning',
  'uncited-claim': 'information',
  'wrong-locator': 'warning',
};
