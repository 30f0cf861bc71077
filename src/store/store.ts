import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BoundedMap } from '../core/bounded-map.js';
import { migrations } from './migrations.js';

/** A stored record: the platform's own JSON, as text, plus its insertion order. */
export interface StoredRecord {
  seq: number;
  id: string;
  data: string;
}

export interface RecordKey {
  platform: string;
  collection: string;
}

export interface SnapshotRecord {
  platform: string;
  collection: string;
  id: string;
  email: string | null;
  data: unknown;
}

export interface Snapshot {
  format: 'chat-user-mock/snapshot@1';
  meta: Record<string, string>;
  records: SnapshotRecord[];
}

export interface ListOptions {
  /** Only records inserted after this seq (cursor pagination). */
  afterSeq?: number;
  /** Records to skip (page pagination). */
  offset?: number;
  limit?: number;
}

/** Records the read cache holds at most per collection (oldest dropped first). */
const CACHE_SIZE = 4_096;
/** Ids per collection remembered as looked up once, for the cache's admission (CachedRows.admits); emptied when full. */
const SEEN_ONCE_SIZE = 4_096;
const MMAP_BYTES = 1024 * 1024 * 1024;
/** How often (ms) the cache asks SQLite whether another connection committed (PRAGMA data_version). */
const FOREIGN_WRITE_CHECK_MS = 20;
/** The longest (ms) one read transaction serves the lookups that follow it (Store.holdRead). */
const READ_HOLD_MS = FOREIGN_WRITE_CHECK_MS;

/**
 * All data access of the server goes through this class: one SQLite database,
 * WAL mode, statements prepared once. Platforms never write SQL.
 *
 * Lookups by id are served from a bounded in-memory cache of the stored rows: every
 * write through this class drops the rows it touches (a rolled-back transaction drops
 * them all), and a commit by another connection to the same file (PRAGMA data_version)
 * empties it, checked at most every FOREIGN_WRITE_CHECK_MS. A row enters the cache on its
 * second lookup: see CachedRows.
 *
 * Lookups that miss the cache share one read transaction for up to READ_HOLD_MS (holdRead):
 * every write and every foreign-write check ends it first.
 */
export class Store {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements;
  /** platform -> collection -> id -> the frozen row and its view, or null for "no such record". Nested, so a lookup builds no key string. */
  private readonly cache = new RowCache();
  /** The views of cached rows (isShared). A view of a row looked up only once is nobody else's. */
  private readonly sharedViews = new WeakSet<object>();
  private dataVersion = 0;
  /** Set FOREIGN_WRITE_CHECK_MS after a check by a timer: a lookup reads a flag, not the clock (~40 ns, two thirds of a cached lookup). */
  private foreignWriteCheckDue = false;
  private foreignWriteTimer: NodeJS.Timeout | undefined;
  private readHeld = false;
  private readRelease: NodeJS.Timeout | undefined;

  constructor(path = ':memory:') {
    this.path = path;
    if (!this.inMemory) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes (SIGKILL) in WAL mode; only an OS crash can lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 2000');
    // Pages are read through a memory map instead of a read() call each: a lookup in a store of a
    // million users is ~3 µs cheaper. Address space, not memory: only pages read count, and they are the file's.
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    this.migrate();
    const db = this.db;
    this.statements = {
      get: db.prepare<[string, string, string], { seq: number; id: string; data: string }>(
        'SELECT seq, id, data FROM records WHERE platform = ? AND collection = ? AND id = ?',
      ),
      byEmail: db.prepare<[string, string, string], { seq: number; id: string; data: string }>(
        'SELECT seq, id, data FROM records WHERE platform = ? AND collection = ? AND email = ? COLLATE NOCASE ORDER BY seq LIMIT 1',
      ),
      list: db.prepare<[string, string, number, number, number], { seq: number; id: string; data: string }>(
        'SELECT seq, id, data FROM records WHERE platform = ? AND collection = ? AND seq > ? ORDER BY seq LIMIT ? OFFSET ?',
      ),
      count: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM records WHERE platform = ? AND collection = ?'),
      insert: db.prepare<[string, string, string, string | null, string]>(
        'INSERT INTO records (platform, collection, id, email, data) VALUES (?, ?, ?, ?, ?)',
      ),
      upsert: db.prepare<[string, string, string, string | null, string]>(
        `INSERT INTO records (platform, collection, id, email, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, collection, id) DO UPDATE SET email = excluded.email, data = excluded.data`,
      ),
      remove: db.prepare<[string, string, string]>('DELETE FROM records WHERE platform = ? AND collection = ? AND id = ?'),
      removePlatform: db.prepare<[string]>('DELETE FROM records WHERE platform = ?'),
      removeAll: db.prepare('DELETE FROM records'),
      metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      metaSet: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      metaAll: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta ORDER BY key'),
      metaClear: db.prepare('DELETE FROM meta'),
      all: db.prepare<[], { platform: string; collection: string; id: string; email: string | null; data: string }>(
        'SELECT platform, collection, id, email, data FROM records ORDER BY seq',
      ),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      beginRead: db.prepare('BEGIN'),
      endRead: db.prepare('COMMIT'),
    };
    this.dataVersion = this.statements.dataVersion.get()!;
    this.armForeignWriteCheck();
  }

  /** The next lookup checks again once FOREIGN_WRITE_CHECK_MS have passed; an idle store arms no further timer. */
  private armForeignWriteCheck(): void {
    this.foreignWriteTimer = setTimeout(this.markForeignWriteCheckDue, FOREIGN_WRITE_CHECK_MS);
    this.foreignWriteTimer.unref();
  }

  private readonly markForeignWriteCheckDue = (): void => {
    this.foreignWriteCheckDue = true;
  };

  /** Empties the cache when another connection has committed since the last check. */
  private checkForeignWrites(): void {
    if (!this.foreignWriteCheckDue) return;
    this.foreignWriteCheckDue = false;
    this.armForeignWriteCheck();
    // Inside a held read, the snapshot would hide other connections' commits.
    this.releaseRead();
    const version = this.statements.dataVersion.get()!;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache.clear();
    }
  }

  /**
   * Runs the lookups that follow inside one read transaction, kept open for at most READ_HOLD_MS. Each
   * query on its own begins and ends a transaction, which in WAL mode costs two fcntl lock calls and an
   * fstat: on a cache miss in a store of 1,000,000 users that was most of the lookup's system time.
   * Only single-step reads (get, getByEmail) hold it; no statement is left open across it.
   */
  private holdRead(): void {
    if (this.readHeld || this.db.inTransaction) return;
    this.statements.beginRead.run();
    this.readHeld = true;
    this.readRelease = setTimeout(this.releaseRead, READ_HOLD_MS);
    this.readRelease.unref();
  }

  /** Ends a held read (before every write, and READ_HOLD_MS after it began). */
  private readonly releaseRead = (): void => {
    if (!this.readHeld) return;
    this.readHeld = false;
    clearTimeout(this.readRelease);
    if (this.db.open && this.db.inTransaction) this.statements.endRead.run();
  };

  private forget(key: RecordKey, id: string): void {
    this.cache.collection(key).delete(id);
  }

  private migrate(): void {
    if (this.schemaVersion >= migrations.length) return;
    // Of two processes opening a new file at once, the second waits for the first's tables and then finds them.
    this.transactionWhenWritable(() => {
      for (let version = this.schemaVersion; version < migrations.length; version++) {
        this.db.exec(migrations[version]);
        this.db.pragma(`user_version = ${version + 1}`);
      }
    });
  }

  /**
   * transaction(), with the write lock taken first (BEGIN IMMEDIATE), waiting for as long as another
   * connection holds it: nothing `work` reads can change before it writes. For the steps that write only
   * when they find the file not done yet (migrating, seeding), which another process may be doing at once.
   */
  transactionWhenWritable<T>(work: () => T): T {
    this.releaseRead();
    if (this.db.inTransaction) return work();
    for (;;) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        // busy_timeout passed and the other connection still writes: wait on.
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      }
    }
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.cache.clear();
      throw error;
    }
  }

  /** True for `:memory:` and SQLite URI names (`file:...`): nothing another process could open by path. */
  static isInMemory(path: string): boolean {
    return path === ':memory:' || path.startsWith('file:');
  }

  get inMemory(): boolean {
    return Store.isInMemory(this.path);
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  get(key: RecordKey, id: string): StoredRecord | undefined {
    return this.lookup(key, id)?.record;
  }

  /** The cached row, else the row read now: cached when this is its second lookup (CachedRows). */
  private lookup(key: RecordKey, id: string): CachedRow | undefined {
    this.checkForeignWrites();
    const rows = this.cache.collection(key);
    const cached = rows.get(id);
    if (cached !== undefined) return cached ?? undefined;
    this.holdRead();
    const record = this.statements.get.get(key.platform, key.collection, id);
    const admitted = rows.admits(id);
    const row = record ? { record: Object.freeze(record), view: undefined, cached: admitted } : undefined;
    if (admitted) rows.set(id, row ?? null);
    return row;
  }

  /**
   * A record's data parsed and deeply frozen, for readers only: while the row is cached, the same
   * object is handed out until the row changes, so hot paths skip JSON.parse, and a mutation throws
   * instead of corrupting the shared copy.
   */
  view<T>(key: RecordKey, id: string): Readonly<T> | undefined {
    const row = this.lookup(key, id);
    if (!row) return undefined;
    if (row.view === undefined) {
      row.view = deepFreeze(JSON.parse(row.record.data) as T) as object;
      if (row.cached) this.sharedViews.add(row.view);
    }
    return row.view as Readonly<T>;
  }

  /**
   * True when `view` came from the cache and will be handed out again until its row changes: only
   * then is something derived from it worth keeping (SerializedOnce). Keeping things for a view read
   * once would hold them, and the view, until the cache drops them, which every lookup in a store far
   * larger than the cache does: V8 then moves all of it to the old generation before it dies.
   */
  isShared(view: object): boolean {
    return this.sharedViews.has(view);
  }

  /** Case-insensitive lookup on the indexed email column; the earliest record wins. */
  getByEmail(key: RecordKey, email: string): StoredRecord | undefined {
    this.checkForeignWrites();
    this.holdRead();
    return this.statements.byEmail.get(key.platform, key.collection, email);
  }

  list(key: RecordKey, options: ListOptions = {}): StoredRecord[] {
    return this.statements.list.all(key.platform, key.collection, options.afterSeq ?? 0, options.limit ?? -1, options.offset ?? 0);
  }

  count(key: RecordKey): number {
    return this.statements.count.get(key.platform, key.collection)!.n;
  }

  /** Inserts a new record; returns false (and changes nothing) when the id exists. */
  insert(key: RecordKey, id: string, data: unknown, email: string | null = null): boolean {
    this.releaseRead();
    this.forget(key, id);
    try {
      this.statements.insert.run(key.platform, key.collection, id, email, JSON.stringify(data));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }

  /** Inserts or replaces; an existing record keeps its place in listing order. */
  put(key: RecordKey, id: string, data: unknown, email: string | null = null): void {
    this.releaseRead();
    this.forget(key, id);
    this.statements.upsert.run(key.platform, key.collection, id, email, JSON.stringify(data));
  }

  delete(key: RecordKey, id: string): boolean {
    this.releaseRead();
    this.forget(key, id);
    return this.statements.remove.run(key.platform, key.collection, id).changes > 0;
  }

  deletePlatform(platform: string): void {
    this.releaseRead();
    this.cache.clear();
    this.statements.removePlatform.run(platform);
  }

  getMeta(key: string): string | undefined {
    return this.statements.metaGet.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.releaseRead();
    this.statements.metaSet.run(key, value);
  }

  /** A persistent counter (e.g. the next Zulip user_id); returns the new value. */
  nextSequence(name: string, floor = 0): number {
    const key = `sequence:${name}`;
    const next = Math.max(Number(this.getMeta(key) ?? 0), floor) + 1;
    this.setMeta(key, String(next));
    return next;
  }

  /** Runs `work` atomically: everything or nothing is written. */
  transaction<T>(work: () => T): T {
    // Inside another transaction the work is already atomic with it (no caller catches an inner failure
    // and carries on): a savepoint per call would only slow bulk writes such as seeding.
    this.releaseRead();
    if (this.db.inTransaction) return work();
    try {
      return this.db.transaction(work)();
    } catch (error) {
      // Rows read or written inside the rolled-back part may have been cached.
      this.cache.clear();
      throw error;
    }
  }

  clear(): void {
    this.cache.clear();
    this.transaction(() => {
      this.statements.removeAll.run();
      this.statements.metaClear.run();
    });
  }

  snapshot(): Snapshot {
    const meta: Record<string, string> = {};
    for (const row of this.statements.metaAll.all()) meta[row.key] = row.value;
    const records = this.statements.all.all().map((row) => ({ ...row, data: JSON.parse(row.data) as unknown }));
    return { format: 'chat-user-mock/snapshot@1', meta, records };
  }

  restore(snapshot: Snapshot): void {
    this.cache.clear();
    this.transaction(() => {
      this.statements.removeAll.run();
      this.statements.metaClear.run();
      for (const [key, value] of Object.entries(snapshot.meta)) this.statements.metaSet.run(key, value);
      for (const record of snapshot.records) {
        this.statements.insert.run(record.platform, record.collection, record.id, record.email, JSON.stringify(record.data));
      }
    });
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    clearTimeout(this.foreignWriteTimer);
    this.releaseRead();
    this.cache.clear();
    if (this.db.open) this.db.close();
  }
}

interface CachedRow {
  record: Readonly<StoredRecord>;
  /** Store.view's parse of `record.data`, made on the first view asked for. */
  view: object | undefined;
  /** False for a row read for one lookup only (CachedRows.admits). */
  readonly cached: boolean;
}

/**
 * One collection's cached rows, oldest dropped first. A row is admitted on its second lookup
 * within the last SEEN_ONCE_SIZE first lookups: with random reads over many more rows than the
 * cache holds, a row would otherwise be cached (and parsed, and its answer kept) on every lookup,
 * to be dropped unread 4,096 lookups later. All of it lived long enough for V8 to move it to the old
 * generation, and collecting it there cost about 13 µs of CPU per lookup in a store of 1,000,000 users.
 */
class CachedRows extends BoundedMap<string, CachedRow | null> {
  private readonly seenOnce = new Set<string>();

  /** Whether a row just read from the database should be cached: true on its second lookup. */
  admits(id: string): boolean {
    if (this.seenOnce.delete(id)) return true;
    if (this.seenOnce.size >= SEEN_ONCE_SIZE) this.seenOnce.clear();
    this.seenOnce.add(id);
    return false;
  }
}

class RowCache {
  private readonly platforms = new Map<string, Map<string, CachedRows>>();

  collection(key: RecordKey): CachedRows {
    let collections = this.platforms.get(key.platform);
    if (!collections) this.platforms.set(key.platform, (collections = new Map()));
    let rows = collections.get(key.collection);
    if (!rows) collections.set(key.collection, (rows = new CachedRows(CACHE_SIZE)));
    return rows;
  }

  clear(): void {
    this.platforms.clear();
  }
}

/** For JSON.parse output (plain objects and arrays): for...in allocates no array of values, half the cost on a cache miss. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}
