/**
 * The operators' command line: `npm run parley -- <command> [options]`.
 * It works on the same database as the server (DATABASE_PATH), and may run while the server does.
 * `main` is the whole CLI; parley.ts runs it as a process (and tests call it in theirs).
 */
import { parseArgs } from 'node:util';
import { openSqlite } from '../../db/open-sqlite.ts';
import { ConfigError, parseConfig } from '../config.ts';
import { DEMO_SITE_ID } from '../features/demo/demo-articles.ts';
import { demoPageUrl } from '../features/demo/demo-article.ts';
import { ensureDemoSite } from '../features/demo/ensure-demo.ts';
import { seedComments } from '../features/demo/seed.ts';
import { createSiteIfMissing, findSite, listSites } from '../features/sites/sites.repo.ts';
import { newSite } from '../features/sites/sites.routes.ts';
import type { AppDb } from '../../db/client.ts';
import { EDITOR_ROLES, type EditorRole } from '../../db/schema.ts';
import { createEditor, findEditorForLogin, listEditors, setEditorPassword } from '../features/editors/editors.repo.ts';
import { passwordSchema } from '../features/editors/editors.routes.ts';
import { randomPassword } from '../features/editors/first-owner.ts';
import { emailAddress } from '../http/email-address.ts';
import { drainOutbox } from '../mail/outbox.ts';
import { rebuildStats } from '../features/stats/index.ts';
import { mailerFor } from '../mail/mailer-for-config.ts';
import { backupCommand, CommandError, EXPORT_HELP, exportCommand, importCommand as importParleyCommand, restoreCommand } from './export-commands.ts';
import { CliProblem, IMPORT_HELP, importCommand as importOtherCommand } from './import-command.ts';

const HELP = `Parley operator commands

Usage: npm run parley -- <command> [options]

Commands:
  seed     Fill a page with realistic demo comments.
           --site SITE        site id (default: demo)
           --page KEY         page key, e.g. /articles/my-story (required)
           --comments N       top-level comments to add (default: 20)
           --replies M        replies under each top-level comment (default: 2)
           --title TEXT       page title, if the page is new

  site add                Add a site (a publication whose articles embed Parley).
           --id ID            lower-case letters, digits and dashes, e.g. my-paper (required)
           --name NAME        (required)
           --origin URL       an origin its articles are served from; repeat for several
           --moderation MODE  post, pre or first (default: post)
  site list               List sites.

  editor add              Add a dashboard editor.
           --email EMAIL      (required)
           --role ROLE        owner or moderator (default: moderator)
           --name NAME
           --password PASS    at least 12 characters (default: a random one, printed)
  editor reset-password   Set a new password and sign the editor out everywhere.
           --email EMAIL      (required)
           --password PASS    (default: a random one, printed)
  editor list             List editors.
  outbox drain            Send what is due in the outbox now (Resend, or the development mailbox).
  stats rebuild           Recompute the overview's rollups from the comments, audit log,
                          subscriptions and mail events (after a restore, or to check them).
           --site SITE        only this site (default: every site)
${IMPORT_HELP}
${EXPORT_HELP}
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
    if (values.site === DEMO_SITE_ID) {
      // A production install has no demo site; seeding must not quietly create one with its stand-in pages.
      if (!config.demo) throw new UsageError('the demo is off here (PUBLIC_URL is not a localhost address): pass --site SITE, or set PARLEY_DEMO=on');
      await ensureDemoSite(db, config.publicUrl, Date.now());
    }
    if (!(await findSite(db, values.site))) throw new UsageError(`there is no site "${values.site}" in ${config.databasePath}`);
    const started = performance.now();
    const written = await seedComments(db, {
      siteId: values.site,
      pageKey: values.page,
      pageTitle: values.title,
      pageUrl: values.site === DEMO_SITE_ID ? demoPageUrl(config.publicUrl, values.page) : undefined,
      comments,
      replies,
      now: Date.now(),
      seed: Math.floor(Math.random() * 2 ** 31),
    });
    const ms = Math.round(performance.now() - started);
    console.log(`Seeded ${written} comments on ${values.site} ${values.page} in ${ms} ms.`);
    console.log(
      values.site === DEMO_SITE_ID
        ? `Read them at ${demoPageUrl(config.publicUrl, values.page)} (while \`npm start\` runs).`
        : `They show where site "${values.site}" embeds the widget on page ${values.page}.`,
    );
  } finally {
    close();
  }
}

async function withDb<T>(run: (db: AppDb) => Promise<T>): Promise<T> {
  const config = parseConfig(process.env);
  const { db, close } = openSqlite(config.databasePath);
  try {
    return await run(db);
  } finally {
    close();
  }
}

function checkedPassword(given: string | undefined): { password: string; generated: boolean } {
  if (given === undefined) return { password: randomPassword(), generated: true };
  const parsed = passwordSchema.safeParse(given);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message);
  return { password: given, generated: false };
}

async function editor(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (sub === 'list') {
    await withDb(async (db) => {
      for (const e of await listEditors(db)) console.log(`${e.role.padEnd(10)} ${e.email}  (${e.name})`);
    });
    return;
  }
  if (!values.email) throw new UsageError(`editor ${sub ?? ''} needs --email EMAIL`);
  const email = values.email;
  if (sub === 'add') {
    const role = values.role ?? 'moderator';
    if (!(EDITOR_ROLES as readonly string[]).includes(role)) throw new UsageError('--role must be owner or moderator');
    if (!emailAddress.safeParse(email).success) throw new UsageError(`"${email}" is not a valid email address`);
    const { password, generated } = checkedPassword(values.password);
    const created = await withDb((db) => createEditor(db, { email, role: role as EditorRole, name: values.name, password }, Date.now()));
    if (!created) throw new UsageError(`an editor ${email} already exists (use editor reset-password)`);
    console.log(`Added ${created.role} ${created.email}.${generated ? ` Password (shown once): ${password}` : ''}`);
    return;
  }
  if (sub === 'reset-password') {
    const { password, generated } = checkedPassword(values.password);
    const done = await withDb(async (db) => {
      const found = await findEditorForLogin(db, email);
      return found ? setEditorPassword(db, found.id, password, Date.now()) : false;
    });
    if (!done) throw new UsageError(`there is no editor ${email}`);
    console.log(`New password set for ${email}; their sessions were signed out.${generated ? ` Password (shown once): ${password}` : ''}`);
    return;
  }
  throw new UsageError('editor needs a subcommand: add, reset-password or list');
}

async function siteCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { id: { type: 'string' }, name: { type: 'string' }, origin: { type: 'string', multiple: true }, moderation: { type: 'string' } },
    strict: true,
  });
  if (sub === 'list') {
    await withDb(async (db) => {
      for (const s of await listSites(db)) console.log(`${s.id.padEnd(20)} ${s.name}  ${s.allowedOrigins.join(' ')}`);
    });
    return;
  }
  if (sub !== 'add') throw new UsageError('site needs a subcommand: add or list');
  const parsed = newSite.safeParse({ id: values.id, name: values.name, allowedOrigins: values.origin ?? [], moderationMode: values.moderation });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = { id: '--id', name: '--name', allowedOrigins: '--origin', moderationMode: '--moderation' }[String(issue.path[0])] ?? '';
    throw new UsageError(`${option} ${issue.code === 'invalid_type' ? 'is required' : issue.message}`.trim());
  }
  const site = parsed.data;
  const created = await withDb((db) => createSiteIfMissing(db, site, Date.now()));
  if (!created) throw new UsageError(`a site "${site.id}" already exists`);
  console.log(`Added site ${site.id} (${site.name}). Paste under an article:\n  <div data-parley-comments></div>\n  <script src="${parseConfig(process.env).publicUrl}/embed.js" data-site="${site.id}" async></script>`);
}

async function outboxCommand(args: string[]): Promise<void> {
  if (args[0] !== 'drain') throw new UsageError('outbox needs a subcommand: drain');
  const config = parseConfig(process.env);
  const report = await withDb((db) => drainOutbox(db, { mailer: mailerFor(config), from: config.mailFrom, now: () => Date.now(), limit: 100_000 }));
  console.log(
    `Outbox: ${report.sent} sent, ${report.retried} to retry, ${report.failed} failed, ${report.suppressed} suppressed, in ${report.calls} calls.` +
      (report.rateLimitedForMs ? ` Rate limited: the rest waits ${Math.ceil(report.rateLimitedForMs / 1000)} s.` : ''),
  );
}

async function statsCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'rebuild') throw new UsageError('stats needs a subcommand: rebuild');
  const { values } = parseArgs({ args: rest, options: { site: { type: 'string' } }, strict: true });
  await withDb(async (db) => {
    const ids = values.site === undefined ? (await listSites(db)).map((s) => s.id) : [values.site];
    if (values.site !== undefined && !(await findSite(db, values.site))) throw new UsageError(`there is no site "${values.site}"`);
    for (const id of ids) {
      const started = performance.now();
      await rebuildStats(db, id);
      console.log(`Rebuilt the stats of ${id} in ${Math.round(performance.now() - started)} ms.`);
    }
  });
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  seed,
  site: siteCommand,
  editor,
  outbox: outboxCommand,
  stats: statsCommand,
  export: exportCommand,
  // Disqus and WordPress exports have their importer; a Parley export (and anything else) the restore.
  import: (args) => (args[0] === 'disqus' || args[0] === 'wordpress' ? importOtherCommand(args) : importParleyCommand(args)),
  backup: backupCommand,
  restore: restoreCommand,
};

/** Runs one command; answers the exit code (0, or 2 for a usage or input error). Reads process.env. */
export async function main(argv: string[]): Promise<number> {
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
    if (err instanceof UsageError || err instanceof CommandError || err instanceof CliProblem || err instanceof ConfigError || (err instanceof TypeError && 'code' in err)) {
      console.error(`parley ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

