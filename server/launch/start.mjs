/** `npm start`: builds when the build is missing or stale, then runs the bundled server. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ROOT } from './fresh-build.mjs';

ensureBuilt();
const { main } = await import(pathToFileURL(join(ROOT, 'dist/server/node.js')).href);
await main();
