/**
 * The operators' command line: `npm run parley -- <command> [options]`.
 * It works on the same database as the server (DATABASE_PATH), and may run while the server does.
 */
import { parseArgs } from 'node:util';
import { openSqlite } from '../../db/open-sqlite.ts';
import { ConfigError, parseConfig } from '../config.ts';
import { DEMO_SITE_ID } from '../features/demo/demo-articles.ts';
import { ensureDemoSite } from '../features/demo/ensure-demo.ts';
import { seedComments } from '../features/demo/seed.ts';
import { findSite } from '../features/sites/sites.repo.ts';

const HELP = `Parley operator commands

Usage: npm run parley -- <command> [options]

Commands:
  seed     Fill a page with realistic demo comments.
           --site SITE        site id (default: demo)
           --page KEY         page key, e.g. /articles/my-story (required)
           --comments N       top-level comments to add (default: 20)
           --replies M        replies under each top-level comment (default: 2)
           --title TEXT       page title, if the page is new

Options for every command:
  --help, -h                 show this help

Environment: DATABASE_PATH (default ./data/parley.db) selects the database.
`;

class UsageError extends Error {}

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      site: { type: 'string', default: DEMO_SITE_ID },
      page: { type: 'string' },
      comments: { type: 'string' },
      replies: { type: 'string' },
      title: { type: 'string' },
    },
    strict: true,
  });
  if (!values.page) throw new UsageError('seed needs --page KEY (for example --page /articles/my-story)');
  const comments = count(values.comments, 'comments', 20);
  const replies = count(values.replies, 'replies', 2);
  const config = parseConfig(process.env);
  const { db, close } = openSqlite(config.databasePath);
  try {
    if (values.site === DEMO_SITE_ID) await ensureDemoSite(db, config.publicUrl, Date.now());
    if (!(await findSite(db, values.site))) throw new UsageError(`there is no site "${values.site}" in ${config.databasePath}`);
    const started = performance.now();
    const written = await seedComments(db, {
      siteId: values.site,
      pageKey: values.page,
      pageTitle: values.title,
      comments,
      replies,
      now: Date.now(),
      seed: Math.floor(Math.random() * 2 ** 31),
    });
    const ms = Math.round(performance.now() - started);
    console.log(`Seeded ${written} comments on ${values.site} ${values.page} in ${ms} ms.`);
  } finally {
    close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { seed };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || (err instanceof TypeError && 'code' in err)) {
      console.error(`parley ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
