/** `npm run parley -- …`: the operators' CLI from the same bundle as the server. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ROOT } from './fresh-build.mjs';

ensureBuilt();
// The CLI reads its arguments from process.argv.slice(2), which are this script's own.
await import(pathToFileURL(join(ROOT, 'dist/server/cli.js')).href);
