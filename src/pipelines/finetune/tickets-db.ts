import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ModelmillError, nameFromArnOrName } from '../../core/index.js';

/**
 * The ticket database the data-prep task reads. On AWS it is an Aurora
 * cluster reached through the RDS Data API (DB_ARN, DB_SECRET_ARN); locally
 * the cluster ARN names a SQLite file, `<home>/databases/<cluster id>.sqlite`,
 * holding the same `ticket` table. Everything goes through `TicketSource`, so
 * a Data API adapter can replace the SQLite one.
 */

/** One ticket as the data prep reads it. */
export interface TicketRow {
  id: number;
  text: string;
  label: number;
}

/** A stored ticket (the columns the query reads). */
export interface Ticket extends TicketRow {
  /** Closing time, epoch seconds. */
  closed: number;
  via_channel: string;
  initial_group_id: number;
  routed_by: string;
}

/** Where tickets come from. */
export interface TicketSource {
  /** The tickets closed in `[start, end]` (epoch seconds) that the query keeps. */
  closedBetween(start: number, end: number): TicketRow[];
  close(): void;
}

/** The data-prep query of the original, with its named parameters. */
export const TICKET_QUERY = `SELECT id, processed_data AS text, closed_group_id_mapped AS label FROM ticket
WHERE (via_channel != 'api' OR initial_group_id = 0) AND routed_by != 'gata-mapped' AND closed BETWEEN :start AND :end`;

const SCHEMA = `CREATE TABLE IF NOT EXISTS ticket (
  id INTEGER PRIMARY KEY,
  processed_data TEXT NOT NULL,
  closed_group_id_mapped INTEGER NOT NULL,
  closed INTEGER NOT NULL,
  via_channel TEXT NOT NULL,
  initial_group_id INTEGER NOT NULL,
  routed_by TEXT NOT NULL
)`;

/** The SQLite file a cluster ARN (or name) stands for under `home`. */
export function ticketDatabaseFile(home: string, clusterArn: string): string {
  const id = nameFromArnOrName(clusterArn);
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(id)) {
    throw new ModelmillError(
      'InvalidParameter',
      `DB_ARN '${clusterArn}' names no cluster id (letters, digits and hyphens): give the cluster ARN, e.g. arn:aws:rds:us-east-1:000000000000:cluster:gata-tickets`,
    );
  }
  return join(home, 'databases', `${id}.sqlite`);
}

/** Opens the local ticket database of `clusterArn`; a missing file is an error saying how to create it. */
export function openTicketSource(home: string, clusterArn: string): TicketSource {
  const file = ticketDatabaseFile(home, clusterArn);
  if (!existsSync(file)) {
    throw new ModelmillError(
      'DatabaseNotFound',
      `the ticket database of ${clusterArn} does not exist locally (${file}): create it with \`modelmill finetune seed-db --cluster ${nameFromArnOrName(clusterArn)}\``,
    );
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const query = db.prepare<{ start: number; end: number }, TicketRow>(TICKET_QUERY);
  return {
    closedBetween: (start, end) => query.all({ start, end }),
    close: () => db.close(),
  };
}

/** Writes `tickets` to a fresh database file (replacing any there). */
export function writeTicketDatabase(file: string, tickets: readonly Ticket[]): void {
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.exec(SCHEMA);
    const insert = db.prepare(
      'INSERT INTO ticket VALUES (:id, :text, :label, :closed, :via_channel, :initial_group_id, :routed_by)',
    );
    db.transaction(() => {
      for (const t of tickets) insert.run(t);
    })();
  } finally {
    db.close();
  }
}
