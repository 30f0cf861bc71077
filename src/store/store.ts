import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** What a tenant holds, as stored: each record's data is its JSON text. */
export interface StoreContents {
  meta: Record<string, string>;
  records: Array<{ platform: string; collection: string; id: string; email: string | null; data: string }>;
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

/** The most rows kept read; past it they are all dropped and read again. */
const MAX_ROWS = 10_000;

function prepareStatements(db: Database.Database) {
  type Row = { seq: number; id: string; data: string };
  return {
    get: db.prepare<[string, string, string, string], Row>('SELECT seq, id, data FROM records WHERE tenant = ? AND platform = ? AND collection = ? AND id = ?'),
    byEmail: db.prepare<[string, string, string, string], Row>(
      'SELECT seq, id, data FROM records WHERE tenant = ? AND platform = ? AND collection = ? AND email = ? COLLATE NOCASE ORDER BY seq LIMIT 1',
    ),
    list: db.prepare<[string, string, string, number, number, number], Row>(
      'SELECT seq, id, data FROM records WHERE tenant = ? AND platform = ? AND collection = ? AND seq > ? ORDER BY seq LIMIT ? OFFSET ?',
    ),
    count: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM records WHERE tenant = ? AND platform = ? AND collection = ?'),
    insert: db.prepare<[string, string, string, string, string | null, string]>(
      'INSERT INTO records (tenant, platform, collection, id, email, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    upsert: db.prepare<[string, string, string, string, string | null, string]>(
      `INSERT INTO records (tenant, platform, collection, id, email, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, platform, collection, id) DO UPDATE SET email = excluded.email, data = excluded.data`,
    ),
    remove: db.prepare<[string, string, string, string]>('DELETE FROM records WHERE tenant = ? AND platform = ? AND collection = ? AND id = ?'),
    removePlatform: db.prepare<[string, string]>('DELETE FROM records WHERE tenant = ? AND platform = ?'),
    removeAll: db.prepare<[string]>('DELETE FROM records WHERE tenant = ?'),
    metaGet: db.prepare<[string, string], { value: string }>('SELECT value FROM meta WHERE tenant = ? AND key = ?'),
    metaSet: db.prepare<[string, string, string]>(
      'INSERT INTO meta (tenant, key, value) VALUES (?, ?, ?) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value',
    ),
    metaAll: db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM meta WHERE tenant = ? ORDER BY key'),
    metaClear: db.prepare<[string]>('DELETE FROM meta WHERE tenant = ?'),
    all: db.prepare<[string], { platform: string; collection: string; id: string; email: string | null; data: string }>(
      'SELECT platform, collection, id, email, data FROM records WHERE tenant = ? ORDER BY seq',
    ),
    tenants: db.prepare<[], string>("SELECT DISTINCT tenant FROM meta WHERE tenant <> '' ORDER BY tenant").pluck(),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  };
}

/** The file's connection and statements, shared by every tenant's Store. */
class StoreFile {
  readonly db: Database.Database;
  readonly statements: ReturnType<typeof prepareStatements>;

  constructor(readonly path: string) {
    if (!Store.isInMemory(path)) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    this.db = db;
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes (SIGKILL) in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    this.migrate();
    this.statements = prepareStatements(db);
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
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
      throw error;
    }
  }
}

/**
 * All data access of the server goes through this class: one SQLite database, WAL mode, statements
 * prepared once, lookups on indexed columns. Platforms never write SQL. A Store holds one tenant's
 * records (the default tenant's, '', unless made by forTenant); every tenant shares the file.
 */
export class Store {
  private readonly file: StoreFile;
  // Rows by key, dropped when this store writes or another connection commits (data_version, checked once
  // per synchronous run). Zulip get-user on a file +50% (docs/performance.md#kept-mechanisms).
  private readonly rows = new Map<string, StoredRecord | null>();
  private rowsChecked = false;
  private rowsVersion = -1;

  /** `path`: a file, or `:memory:`; or another Store, whose file this one shares. */
  constructor(
    path: string | Store = ':memory:',
    readonly tenant = '',
  ) {
    this.file = typeof path === 'string' ? new StoreFile(path) : path.file;
  }

  /** The store of another tenant in the same file. */
  forTenant(tenant: string): Store {
    return new Store(this, tenant);
  }

  /** The tenants that have data in the file, by name (the default tenant not included). */
  storedTenants(): string[] {
    return this.file.statements.tenants.all();
  }

  get path(): string {
    return this.file.path;
  }

  private get db(): Database.Database {
    return this.file.db;
  }

  private get statements() {
    return this.file.statements;
  }

  /** See StoreFile.transactionWhenWritable. */
  transactionWhenWritable<T>(work: () => T): T {
    return this.file.transactionWhenWritable(work);
  }

  /** True for `:memory:` and SQLite URI names (`file:...`): nothing another process could open by path. */
  static isInMemory(path: string): boolean {
    return path === ':memory:' || path.startsWith('file:');
  }

  get inMemory(): boolean {
    return Store.isInMemory(this.path);
  }

  get schemaVersion(): number {
    return this.file.schemaVersion;
  }

  get(key: RecordKey, id: string): StoredRecord | undefined {
    if (this.db.inTransaction) return this.statements.get.get(this.tenant, key.platform, key.collection, id);
    if (!this.rowsChecked) {
      this.rowsChecked = true;
      queueMicrotask(() => (this.rowsChecked = false));
      const version = this.statements.dataVersion.get()!;
      if (version !== this.rowsVersion) this.forgetRows(version);
    }
    const rowKey = `${key.platform}\0${key.collection}\0${id}`;
    let row = this.rows.get(rowKey);
    if (row === undefined) {
      row = this.statements.get.get(this.tenant, key.platform, key.collection, id) ?? null;
      if (this.rows.size >= MAX_ROWS) this.rows.clear();
      this.rows.set(rowKey, row);
    }
    return row ?? undefined;
  }

  private forgetRows(version = this.rowsVersion): void {
    this.rows.clear();
    this.rowsVersion = version;
  }

  /** Case-insensitive lookup on the indexed email column; the earliest record wins. */
  getByEmail(key: RecordKey, email: string): StoredRecord | undefined {
    return this.statements.byEmail.get(this.tenant, key.platform, key.collection, email);
  }

  list(key: RecordKey, options: ListOptions = {}): StoredRecord[] {
    return this.statements.list.all(this.tenant, key.platform, key.collection, options.afterSeq ?? 0, options.limit ?? -1, options.offset ?? 0);
  }

  count(key: RecordKey): number {
    return this.statements.count.get(this.tenant, key.platform, key.collection)!.n;
  }

  /** Inserts a new record; returns false (and changes nothing) when the id exists. */
  insert(key: RecordKey, id: string, data: unknown, email: string | null = null): boolean {
    try {
      this.forgetRows();
      this.statements.insert.run(this.tenant, key.platform, key.collection, id, email, JSON.stringify(data));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }

  /** Inserts or replaces; an existing record keeps its place in listing order. */
  put(key: RecordKey, id: string, data: unknown, email: string | null = null): void {
    this.forgetRows();
    this.statements.upsert.run(this.tenant, key.platform, key.collection, id, email, JSON.stringify(data));
  }

  delete(key: RecordKey, id: string): boolean {
    this.forgetRows();
    return this.statements.remove.run(this.tenant, key.platform, key.collection, id).changes > 0;
  }

  deletePlatform(platform: string): void {
    this.forgetRows();
    this.statements.removePlatform.run(this.tenant, platform);
  }

  getMeta(key: string): string | undefined {
    return this.statements.metaGet.get(this.tenant, key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.statements.metaSet.run(this.tenant, key, value);
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
    if (this.db.inTransaction) return work();
    return this.db.transaction(work)();
  }

  clear(): void {
    this.forgetRows();
    this.transaction(() => {
      this.statements.removeAll.run(this.tenant);
      this.statements.metaClear.run(this.tenant);
    });
  }

  snapshot(): Snapshot {
    const { meta, records } = this.contents();
    return { format: 'chat-user-mock/snapshot@1', meta, records: records.map((record) => ({ ...record, data: JSON.parse(record.data) as unknown })) };
  }

  restore(snapshot: Snapshot): void {
    this.replaceContents({ meta: snapshot.meta, records: snapshot.records.map((record) => ({ ...record, data: JSON.stringify(record.data) })) });
  }

  /** The tenant's records (in order, data as stored text) and meta. */
  contents(): StoreContents {
    const meta: Record<string, string> = {};
    for (const row of this.statements.metaAll.all(this.tenant)) meta[row.key] = row.value;
    return { meta, records: this.statements.all.all(this.tenant) };
  }

  /** Replaces the tenant's records and meta, atomically; records get new seqs in the order given. */
  replaceContents(contents: StoreContents): void {
    this.forgetRows();
    this.transaction(() => {
      this.statements.removeAll.run(this.tenant);
      this.statements.metaClear.run(this.tenant);
      for (const [key, value] of Object.entries(contents.meta)) this.statements.metaSet.run(this.tenant, key, value);
      for (const record of contents.records) this.statements.insert.run(this.tenant, record.platform, record.collection, record.id, record.email, record.data);
    });
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the file; only the default tenant's store, which opened it, does. */
  close(): void {
    if (this.tenant === '' && this.db.open) this.db.close();
  }
}
