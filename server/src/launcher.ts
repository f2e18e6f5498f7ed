// dist/server.js: starts the language server (dist/serverMain.js) from V8's code cache, kept in
// the user's cache folder beside the default index caches (codeCache.ts says why).
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';
import { groundworkCacheRoot, startIndexPrefetch } from './indexPrefetch';

// The index is read on the thread pool while the server's code loads (indexPrefetch.ts says why).
startIndexPrefetch();
runWithCodeCache(path.join(__dirname, 'serverMain.js'), path.join(groundworkCacheRoot(), 'code-cache'));
