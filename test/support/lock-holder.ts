/**
 * A second process that takes a Parley database's write lock and keeps it, as a long CLI import
 * in one transaction would: `BEGIN IMMEDIATE`, one write, then it sleeps (synchronously, like a
 * busy importer) for HOLD_MS before committing. Prints "locked <epoch ms>" once it holds the lock
 * and "released <epoch ms>" after the commit, so a test can tell what happened meanwhile.
 */
import Database from 'better-sqlite3';

const [path, holdMs] = process.argv.slice(2);
if (!path || !holdMs) throw new Error('usage: lock-holder DB_PATH HOLD_MS');
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
db.prepare(`update sites set updated_at = updated_at where id = (select id from sites limit 1)`).run();
process.stdout.write(`locked ${Date.now()}\n`);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
db.exec('COMMIT');
process.stdout.write(`released ${Date.now()}\n`);
db.close();
