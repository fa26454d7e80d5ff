import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { ParameterTier, ParameterType, Tag } from './types.js';

/**
 * Parameters in SQLite: one row per parameter (its current version, tier and
 * tags) and one row per version (value, type, labels, ...). SecureString
 * values are stored encrypted; this file never sees plaintext.
 */

const MIGRATIONS = [
  `CREATE TABLE ssm_parameters (
     name TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     tags TEXT NOT NULL DEFAULT '[]'
   ) WITHOUT ROWID;
   CREATE TABLE ssm_parameter_versions (
     name TEXT NOT NULL,
     version INTEGER NOT NULL,
     type TEXT NOT NULL,
     value TEXT NOT NULL,
     key_id TEXT,
     description TEXT,
     allowed_pattern TEXT,
     data_type TEXT NOT NULL,
     tier TEXT NOT NULL,
     last_modified_ms INTEGER NOT NULL,
     last_modified_user TEXT NOT NULL,
     labels TEXT NOT NULL DEFAULT '[]',
     PRIMARY KEY (name, version)
   ) WITHOUT ROWID;`,
];

/** One stored version of a parameter. `value` is ciphertext for SecureStrings. */
export interface VersionRow {
  name: string;
  version: number;
  type: ParameterType;
  value: string;
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  dataType: string;
  tier: Exclude<ParameterTier, 'Intelligent-Tiering'>;
  lastModifiedMs: number;
  lastModifiedUser: string;
  labels: string[];
}

interface RawVersion {
  name: string;
  version: number;
  type: ParameterType;
  value: string;
  key_id: string | null;
  description: string | null;
  allowed_pattern: string | null;
  data_type: string;
  tier: VersionRow['tier'];
  last_modified_ms: number;
  last_modified_user: string;
  labels: string;
}

const COLUMNS =
  'v.name, v.version, v.type, v.value, v.key_id, v.description, v.allowed_pattern, v.data_type, v.tier, v.last_modified_ms, v.last_modified_user, v.labels';
const CURRENT = `SELECT ${COLUMNS} FROM ssm_parameters p JOIN ssm_parameter_versions v ON v.name = p.name AND v.version = p.version`;

/** The statements the embedded Parameter Store runs. */
export interface ParameterRows {
  current(name: string): VersionRow | undefined;
  version(name: string, version: number): VersionRow | undefined;
  withLabel(name: string, label: string): VersionRow | undefined;
  /** Versions after `after`, oldest first. */
  history(name: string, after: number, limit: number): VersionRow[];
  /** Current versions of parameters whose names start with `prefix`, after `after`, in name order. */
  currentUnder(prefix: string, after: string): VersionRow[];
  versionCount(name: string): number;
  oldest(name: string): VersionRow | undefined;
  /** Adds a version and makes it current; `tags` only when creating. */
  insert(row: VersionRow, tags?: Tag[]): void;
  deleteVersion(name: string, version: number): void;
  /** Removes a parameter with all its versions; false when it did not exist. */
  remove(name: string): boolean;
  setLabels(name: string, version: number, labels: string[]): void;
  tags(name: string): Tag[];
  /** Runs `fn` in one transaction. */
  atomically<T>(fn: () => T): T;
}

/** Creates the tables when missing and prepares the statements. */
export function createParameterRows(db: SqliteDatabase): ParameterRows {
  migrate(db, 'ssm', MIGRATIONS);
  const s = prepareStatements(db);
  const one = (raw: unknown) => (raw === undefined ? undefined : fromRaw(raw as RawVersion));
  const many = (raws: unknown[]) => (raws as RawVersion[]).map(fromRaw);
  return {
    current: (name) => one(s.current.get(name)),
    version: (name, version) => one(s.version.get(name, version)),
    withLabel: (name, label) => one(s.withLabel.get(name, label)),
    history: (name, after, limit) => many(s.history.all(name, after, limit)),
    // Names are ASCII, so every name under `prefix` sorts below `prefix` + DEL.
    currentUnder: (prefix, after) => many(s.under.all(prefix, `${prefix}\u007f`, after)),
    versionCount: (name) => (s.count.get(name) as { n: number }).n,
    oldest: (name) => one(s.oldest.get(name)),
    insert(row, tags) {
      const { keyId, description, allowedPattern } = row;
      s.insertVersion.run({
        ...row,
        keyId: keyId ?? null,
        description: description ?? null,
        allowedPattern: allowedPattern ?? null,
        labels: JSON.stringify(row.labels),
      });
      s.upsertParameter.run(row.name, row.version, JSON.stringify(tags ?? []));
    },
    deleteVersion: (name, version) => void s.deleteVersion.run(name, version),
    remove(name) {
      s.deleteVersions.run(name);
      return s.deleteParameter.run(name).changes > 0;
    },
    setLabels: (name, version, labels) =>
      void s.setLabels.run(JSON.stringify(labels), name, version),
    tags: (name) =>
      JSON.parse((s.tags.get(name) as { tags: string } | undefined)?.tags ?? '[]') as Tag[],
    atomically: (fn) => db.transaction(fn)(),
  };
}

function prepareStatements(db: SqliteDatabase) {
  const versions = `SELECT ${COLUMNS} FROM ssm_parameter_versions v WHERE v.name = ?`;
  return {
    current: db.prepare(`${CURRENT} WHERE p.name = ?`),
    version: db.prepare(`${versions} AND v.version = ?`),
    withLabel: db.prepare(
      `${versions} AND EXISTS (SELECT 1 FROM json_each(v.labels) WHERE value = ?)`,
    ),
    history: db.prepare(`${versions} AND v.version > ? ORDER BY v.version LIMIT ?`),
    under: db.prepare(`${CURRENT} WHERE p.name >= ? AND p.name < ? AND p.name > ? ORDER BY p.name`),
    count: db.prepare('SELECT COUNT(*) AS n FROM ssm_parameter_versions WHERE name = ?'),
    oldest: db.prepare(`${versions} ORDER BY v.version LIMIT 1`),
    insertVersion: db.prepare(
      `INSERT INTO ssm_parameter_versions (name, version, type, value, key_id, description, allowed_pattern, data_type, tier, last_modified_ms, last_modified_user, labels)
       VALUES (@name, @version, @type, @value, @keyId, @description, @allowedPattern, @dataType, @tier, @lastModifiedMs, @lastModifiedUser, @labels)`,
    ),
    upsertParameter: db.prepare(
      `INSERT INTO ssm_parameters (name, version, tags) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version`,
    ),
    deleteVersion: db.prepare('DELETE FROM ssm_parameter_versions WHERE name = ? AND version = ?'),
    deleteVersions: db.prepare('DELETE FROM ssm_parameter_versions WHERE name = ?'),
    deleteParameter: db.prepare('DELETE FROM ssm_parameters WHERE name = ?'),
    setLabels: db.prepare(
      'UPDATE ssm_parameter_versions SET labels = ? WHERE name = ? AND version = ?',
    ),
    tags: db.prepare('SELECT tags FROM ssm_parameters WHERE name = ?'),
  };
}

function fromRaw(raw: RawVersion): VersionRow {
  const row: VersionRow = {
    name: raw.name,
    version: raw.version,
    type: raw.type,
    value: raw.value,
    dataType: raw.data_type,
    tier: raw.tier,
    lastModifiedMs: raw.last_modified_ms,
    lastModifiedUser: raw.last_modified_user,
    labels: JSON.parse(raw.labels) as string[],
  };
  if (raw.key_id !== null) row.keyId = raw.key_id;
  if (raw.description !== null) row.description = raw.description;
  if (raw.allowed_pattern !== null) row.allowedPattern = raw.allowed_pattern;
  return row;
}
