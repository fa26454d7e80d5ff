/**
 * store: the SQLite database that the embedded services share (one file,
 * `MODELMILL_HOME/modelmill.db`), and per-owner schema migrations.
 */
export * from './sqlite.js';
