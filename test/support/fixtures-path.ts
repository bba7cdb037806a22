import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Third-party exports kept beside the repository (../shared/fixtures from its root; see
 * SOURCES.md there). They are read in place, never copied in; a clone without them skips the
 * tests that need them, and says so.
 */
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
export const HAVE_FIXTURES = existsSync(FIXTURES);
if (!HAVE_FIXTURES) console.warn(`Skipping the import fixture sweeps: ${FIXTURES} is not there (it holds third-party exports; see SOURCES.md in the shared folder).`);
