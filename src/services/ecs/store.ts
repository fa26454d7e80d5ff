import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { Cluster, Tag, Task, TaskDefinition } from './types.js';

/**
 * The embedded ECS's tables: one JSON document per cluster, task definition
 * revision and task, plus the columns lookups need.
 */

const MIGRATIONS = [
  `CREATE TABLE ecs_clusters (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE ecs_task_definitions (
     family TEXT NOT NULL,
     revision INTEGER NOT NULL,
     status TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (family, revision)
   );
   CREATE TABLE ecs_tasks (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     cluster TEXT NOT NULL,
     family TEXT NOT NULL,
     desired TEXT NOT NULL,
     last TEXT NOT NULL,
     started_by TEXT,
     doc TEXT NOT NULL
   );
   CREATE INDEX ecs_tasks_by_cluster ON ecs_tasks (cluster, desired, seq);
   CREATE INDEX ecs_tasks_by_last ON ecs_tasks (last);`,
];

/** A stored task definition revision and its tags. */
export interface DefinitionRecord {
  definition: TaskDefinition;
  tags: Tag[];
}

/** The stored clusters, task definitions and tasks. */
export interface EcsStore {
  getCluster(name: string): Cluster | undefined;
  putCluster(cluster: Cluster): void;
  deleteCluster(name: string): void;
  clusters(): Cluster[];
  getDefinition(family: string, revision?: number): DefinitionRecord | undefined;
  /** The next revision of `family` (1 for a new family). */
  nextRevision(family: string): number;
  putDefinition(record: DefinitionRecord): void;
  /** Revisions, by family then revision. */
  definitions(family: string | undefined, status: string): TaskDefinition[];
  getTask(id: string): Task | undefined;
  putTask(task: Task): void;
  /** Tasks of a cluster whose desired status is `desired`, oldest first. */
  tasks(cluster: string, desired: string): Task[];
  /** Tasks whose last status is not STOPPED. */
  unfinished(): Task[];
  /** Tasks of a cluster by last status. */
  countTasks(cluster: string, last: readonly string[]): number;
}

function familyOf(task: Task): string {
  const name = task.taskDefinitionArn.slice(task.taskDefinitionArn.lastIndexOf('/') + 1);
  return name.slice(0, name.lastIndexOf(':'));
}

/** A prepared statement taking any parameters. */
type Prepared = { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };

/** Creates or upgrades the tables and prepares the statements. */
export function createEcsStore(db: SqliteDatabase): EcsStore {
  migrate(db, 'ecs', MIGRATIONS);
  const s = {
    getCluster: db.prepare('SELECT doc FROM ecs_clusters WHERE name = ?'),
    putCluster: db.prepare('INSERT OR REPLACE INTO ecs_clusters (name, doc) VALUES (?, ?)'),
    deleteCluster: db.prepare('DELETE FROM ecs_clusters WHERE name = ?'),
    clusters: db.prepare('SELECT doc FROM ecs_clusters ORDER BY name'),
    getRevision: db.prepare(
      'SELECT doc FROM ecs_task_definitions WHERE family = ? AND revision = ?',
    ),
    latestActive: db.prepare(
      "SELECT doc FROM ecs_task_definitions WHERE family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1",
    ),
    maxRevision: db.prepare(
      'SELECT COALESCE(MAX(revision), 0) AS n FROM ecs_task_definitions WHERE family = ?',
    ),
    putDefinition: db.prepare(
      'INSERT OR REPLACE INTO ecs_task_definitions (family, revision, status, doc) VALUES (?, ?, ?, ?)',
    ),
    definitions: db.prepare(
      'SELECT doc FROM ecs_task_definitions WHERE status = ? ORDER BY family, revision',
    ),
    familyDefinitions: db.prepare(
      'SELECT doc FROM ecs_task_definitions WHERE family = ? AND status = ? ORDER BY revision',
    ),
    getTask: db.prepare('SELECT doc FROM ecs_tasks WHERE id = ?'),
    putTask: db.prepare(
      `INSERT INTO ecs_tasks (id, cluster, family, desired, last, started_by, doc)
       VALUES (@id, @cluster, @family, @desired, @last, @startedBy, @doc)
       ON CONFLICT (id) DO UPDATE SET desired = excluded.desired, last = excluded.last, doc = excluded.doc`,
    ),
    tasks: db.prepare('SELECT doc FROM ecs_tasks WHERE cluster = ? AND desired = ? ORDER BY seq'),
    unfinished: db.prepare("SELECT doc FROM ecs_tasks WHERE last != 'STOPPED' ORDER BY seq"),
  };
  const counts = new Map<string, Prepared>();
  const docs = <T>(rows: unknown[]): T[] =>
    rows.map((row) => JSON.parse((row as { doc: string }).doc) as T);
  const one = <T>(row: unknown): T | undefined =>
    row === undefined ? undefined : (JSON.parse((row as { doc: string }).doc) as T);

  return {
    getCluster: (name) => one<Cluster>(s.getCluster.get(name)),
    putCluster: (cluster) => s.putCluster.run(cluster.clusterName, JSON.stringify(cluster)),
    deleteCluster: (name) => s.deleteCluster.run(name),
    clusters: () => docs<Cluster>(s.clusters.all()),
    getDefinition: (family, revision) =>
      one<DefinitionRecord>(
        revision === undefined ? s.latestActive.get(family) : s.getRevision.get(family, revision),
      ),
    nextRevision: (family) => (s.maxRevision.get(family) as { n: number }).n + 1,
    putDefinition: (record) =>
      s.putDefinition.run(
        record.definition.family,
        record.definition.revision,
        record.definition.status,
        JSON.stringify(record),
      ),
    definitions: (family, status) =>
      docs<DefinitionRecord>(
        family === undefined ? s.definitions.all(status) : s.familyDefinitions.all(family, status),
      ).map((r) => r.definition),
    getTask: (id) => one<Task>(s.getTask.get(id)),
    putTask: (task) =>
      s.putTask.run({
        id: task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1),
        cluster: task.clusterArn.slice(task.clusterArn.lastIndexOf('/') + 1),
        family: familyOf(task),
        desired: task.desiredStatus,
        last: task.lastStatus,
        startedBy: task.startedBy ?? null,
        doc: JSON.stringify(task),
      }),
    tasks: (cluster, desired) => docs<Task>(s.tasks.all(cluster, desired)),
    unfinished: () => docs<Task>(s.unfinished.all()),
    countTasks: (cluster, last) => {
      const key = last.join();
      let statement = counts.get(key);
      if (!statement) {
        const marks = last.map(() => '?').join(', ');
        statement = db.prepare(
          `SELECT COUNT(*) AS n FROM ecs_tasks WHERE cluster = ? AND last IN (${marks})`,
        );
        counts.set(key, statement);
      }
      return (statement.get(cluster, ...last) as { n: number }).n;
    },
  };
}
