// dist/server.js: starts the language server (dist/serverMain.js) from V8's code cache, kept in
// the user's cache folder beside the default index caches (codeCache.ts says why).
import * as os from 'node:os';
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

const main = path.join(__dirname, 'serverMain.js');
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'groundwork', 'code-cache');
runWithCodeCache(main, cacheDir);
