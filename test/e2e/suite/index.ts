// Entry point of the extension-host test suite, in the standard @vscode/test-electron shape:
// the extension host loads this module (extensionTestsPath) and awaits run(). It runs in
// desktop VS Code (test/e2e/runTest.ts) and in code-server's Node extension host
// (test/e2e/run.mjs). 'mocha' stays external and resolves from the project's node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 30_000,
    reporter: process.env.GROUNDWORK_E2E_REPORTER || 'spec',
    grep: process.env.GROUNDWORK_E2E_GREP || undefined,
  });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
