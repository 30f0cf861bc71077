/**
 * Versioned schema. Each entry runs once, in order, inside a transaction;
 * `PRAGMA user_version` records the last one applied. Append, never edit.
 *
 * One table holds every platform's records in their native wire shape:
 * `platform` + `collection` name the kind ("zulip", "users"), `id` is the
 * platform's own id, `email` is indexed for lookups by address, and `data`
 * is the JSON the platform itself would store. `seq` keeps insertion order,
 * which is the listing order of most platforms.
 *
 * Version 2 keeps each tenant's records and meta apart: `tenant` is '' for
 * the default tenant and the name of a `/t/<tenant>` prefix otherwise.
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
  `,  `
  CREATE TABLE records_v2 (
    seq        INTEGER PRIMARY KEY,
    tenant     TEXT NOT NULL DEFAULT '',
    platform   TEXT NOT NULL,
    collection TEXT NOT NULL,
    id         TEXT NOT NULL,
    email      TEXT,
    data       TEXT NOT NULL
  );
  INSERT INTO records_v2 (seq, platform, collection, id, email, data) SELECT seq, platform, collection, id, email, data FROM records;
  DROP TABLE records;
  ALTER TABLE records_v2 RENAME TO records;
  CREATE UNIQUE INDEX records_by_id ON records (tenant, platform, collection, id);
  CREATE INDEX records_by_email ON records (tenant, platform, collection, email COLLATE NOCASE) WHERE email IS NOT NULL;

  CREATE TABLE meta_v2 (
    tenant TEXT NOT NULL DEFAULT '',
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (tenant, key)
  ) WITHOUT ROWID;
  INSERT INTO meta_v2 (key, value) SELECT key, value FROM meta;
  DROP TABLE meta;
  ALTER TABLE meta_v2 RENAME TO meta;
  `,
];
