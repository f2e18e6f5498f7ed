// The quick start's main job: check the example briefs against the sample corpus with the
// headless CLI (the same engine as the editor), and open examples/ in VS Code when `code` is on PATH.
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(repo, 'examples');

const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('Opening examples/ in VS Code with Groundwork loaded from this folder…');
  spawn('code', ['--extensionDevelopmentPath', repo, examples], { stdio: 'ignore', detached: true }).unref();
} else {
  console.log('(`code` is not on PATH: not opening VS Code. Install the .vsix or run "code --extensionDevelopmentPath . examples" yourself.)');
}

console.log(`\n$ groundwork check --corpus corpus examples/\n`);
const result = spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--corpus', path.join(repo, 'corpus'), examples], { cwd: repo, stdio: 'inherit' });
// Exit 1 means "error-level findings": expected, the example briefs are deliberately imperfect drafts.
process.exit(result.status === 1 ? 0 : result.status ?? 2);
