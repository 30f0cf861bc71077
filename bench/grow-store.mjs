/**
 * Grows Zulip's users in an already-seeded store to <total> records (a separate process,
 * before the server starts on that file): copies of King Hamlet (id 10) with ids from
 * 1,000,000 on and their own emails, inserted straight into the records table in one
 * transaction, so the index the get-user lookup walks holds that many users.
 * Usage: node bench/grow-store.mjs <db file> <total users>
 */
import Database from 'better-sqlite3';

const [dbPath, totalText] = process.argv.slice(2);
const total = Number(totalText);
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const count = () => db.prepare("SELECT count(*) AS n FROM records WHERE platform = 'zulip' AND collection = 'users'").get().n;
const template = JSON.parse(db.prepare("SELECT data FROM records WHERE platform = 'zulip' AND collection = 'users' AND id = '10'").get().data);
const insert = db.prepare("INSERT INTO records (platform, collection, id, email, data) VALUES ('zulip', 'users', ?, ?, ?)");
const missing = total - count();
db.transaction(() => {
  for (let i = 0; i < missing; i++) {
    const userId = 1_000_000 + i;
    const email = `bench${userId}@zulip.example.net`;
    insert.run(String(userId), email, JSON.stringify({ ...template, user_id: userId, email, delivery_email: email, full_name: `Bench User ${userId}`, api_key: `bench${String(userId).padStart(27, '0')}` }));
  }
})();
db.pragma('wal_checkpoint(TRUNCATE)');
process.stdout.write(`${JSON.stringify({ users: count(), firstSyntheticId: 1_000_000, synthetic: Math.max(0, missing) })}\n`);
db.close();
