/**
 * A second process that keeps writing to a Parley database file, as a running server would:
 * one subscriber per transaction, and after each commit a line "<id> <epoch ms>" on stdout, so
 * the test knows exactly which writes were acknowledged and when. Stops on SIGTERM.
 */
import Database from 'better-sqlite3';

const [path, site] = process.argv.slice(2);
if (!path || !site) throw new Error('usage: concurrent-writer DB_PATH SITE_ID');
const db = new Database(path, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(`insert into subscribers (id, site_id, email, status, token, created_at, updated_at) values (?, ?, ?, 'active', ?, ?, ?)`);
let stop = false;
process.on('SIGTERM', () => (stop = true));
let n = 0;
function writeSome(): void {
  // A few writes per turn of the event loop, so SIGTERM is still heard.
  for (let i = 0; i < 20 && !stop; i++) {
    const id = `w${process.pid}-${n++}`;
    const at = Date.now();
    insert.run(id, site, `${id}@writer.example`, `token-${id}`, at, at);
    process.stdout.write(`${id} ${Date.now()}\n`);
  }
  if (stop) {
    db.close();
    process.exit(0);
  }
  setImmediate(writeSome);
}
writeSome();
