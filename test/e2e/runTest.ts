// Desktop launcher for the extension-host suite, for machines that can download VS Code:
// @vscode/test-electron 2.x (the last line that runs on Node 20) downloads VS Code, opens a
// temporary copy of the e2e workspace (fixture briefs + the repository's corpus/) and runs
// out/test/e2e/suite/index.js inside it.
//
//   node test/e2e/run.mjs --electron     (builds, bundles this file to out/test/e2e/runTest.js, runs it)
//
// On machines without internet, `npm run test:e2e` runs the same suite in code-server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // Bundled to out/test/e2e/runTest.js: the repository root is three levels up.
  const root = path.resolve(__dirname, '../../..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-e2e-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(root, 'test/fixtures/e2e-workspace'), workspace, { recursive: true });
  fs.cpSync(path.join(root, 'corpus'), path.join(workspace, 'corpus'), { recursive: true });
  let code = 0;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/e2e/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
      extensionTestsEnv: { GROUNDWORK_E2E: '1' },
    });
  } catch (err) {
    console.error('e2e (electron): tests failed or VS Code could not be started:', err);
    code = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
}

void main();
