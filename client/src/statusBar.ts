// The corpus status in the status bar, fed by the server's `groundwork/status` notification.
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

export const SHOW_LOG_COMMAND = 'groundwork.showLog';
export const SEARCH_COMMAND = 'groundwork.searchCorpus';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The status bar item's text, tooltip and click command for a server status (exported for tests). */
export function describeStatus(status: StatusParams): { text: string; tooltip: string; command: string; error: boolean } {
  switch (status.state) {
    case 'indexing':
      return {
        text: '$(sync~spin) Indexing corpus…',
        tooltip: 'Groundwork is reading the bibliography and source files of the corpus. Click to search what is indexed so far.',
        command: SEARCH_COMMAND,
        error: false,
      };
    case 'error':
      return {
        text: '$(error) Groundwork: corpus error',
        tooltip: `${status.message || 'The corpus could not be loaded.'}\n\nClick to open the Groundwork log.`,
        command: SHOW_LOG_COMMAND,
        error: true,
      };
    case 'ready':
    default: {
      const lines = [status.message || `${plural(status.sources, 'source', 'sources')} indexed.`];
      // The server's message may already count the problems; say it once.
      if (status.problems > 0 && !/\bproblem/i.test(status.message)) {
        lines.push(
          `Warning: ${plural(status.problems, 'problem', 'problems')} in the bibliography or source files. See the Problems panel.`,
        );
      }
      lines.push('Click to search the corpus.');
      return {
        text: `$(book) ${plural(status.sources, 'source', 'sources')} · ${plural(status.passages, 'passage', 'passages')}`,
        tooltip: lines.join('\n\n'),
        command: SEARCH_COMMAND,
        error: false,
      };
    }
  }
}

export class CorpusStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: StatusParams | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('groundwork.corpus', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Groundwork corpus';
    this.starting();
    this.item.show();
  }

  get status(): StatusParams | undefined {
    return this.last;
  }

  starting(): void {
    this.last = undefined;
    this.set({
      text: '$(sync~spin) Groundwork: starting…',
      tooltip: 'The Groundwork language server is starting. Click to open its log.',
      command: SHOW_LOG_COMMAND,
      error: false,
    });
  }

  /** The language server is not running (crashed, failed to start, or stopped). */
  stopped(reason?: string): void {
    this.last = undefined;
    this.set({
      text: '$(error) Groundwork: server stopped',
      tooltip:
        `${reason ? `${reason}\n\n` : ''}The Groundwork language server is not running, so citations are not checked. ` +
        'Run "Groundwork: Restart language server", or click to open the log and see why it stopped.',
      command: SHOW_LOG_COMMAND,
      error: true,
    });
  }

  update(status: StatusParams): void {
    this.last = status;
    this.set(describeStatus(status));
  }

  private set(d: { text: string; tooltip: string; command: string; error: boolean }): void {
    this.item.text = d.text;
    // Plain string tooltip: the message may quote file names, keys or paths; nothing in it is markup.
    this.item.tooltip = d.tooltip;
    this.item.command = d.command;
    this.item.backgroundColor = d.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: d.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
