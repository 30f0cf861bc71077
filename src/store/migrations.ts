/**
 * Versioned schema. Each entry runs once, in order, inside a transaction;
 * `PRAGMA user_version` records the last one applied. Append, never edit.
 *
 * One table holds every platform's records in their native wire shape:
 * `platform` + `collection` name the kind ("zulip", "users"), `id` is the
 * platform's own id, `email` is indexed for lookups by address, and `data`
 * is the JSON the platform itself would store. `seq` keeps insertion order,
 * which is the listing order of most platforms.
 */

export const migrations: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE records (
    seq        INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    email      TEXT,
    data       TEXT NOT NULL
  );
  CREATE UNIQUE INDEX records_by_id ON records (platform, collection, id);
  CREATE INDEX records_by_email ON records (platform, collection, email COLLATE NOCASE) WHERE email IS NOT NULL;
  `,
];
