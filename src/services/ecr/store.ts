import type { SqliteDatabase } from '../../store/index.js';
import { migrate } from '../../store/index.js';
import type { ImageTarget } from '../../runtime/index.js';

/**
 * The embedded registry's tables: repositories, images (by digest, with what
 * they run) and tags pointing at images.
 */

const MIGRATIONS = [
  `CREATE TABLE ecr_repositories (
     name TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     mutability TEXT NOT NULL,
     scan_on_push INTEGER NOT NULL,
     encryption TEXT NOT NULL,
     tags TEXT NOT NULL
   );
   CREATE TABLE ecr_images (
     repository TEXT NOT NULL REFERENCES ecr_repositories (name) ON DELETE CASCADE,
     digest TEXT NOT NULL,
     target TEXT NOT NULL,
     pushed_at INTEGER NOT NULL,
     PRIMARY KEY (repository, digest)
   );
   CREATE TABLE ecr_tags (
     repository TEXT NOT NULL,
     tag TEXT NOT NULL,
     digest TEXT NOT NULL,
     PRIMARY KEY (repository, tag),
     FOREIGN KEY (repository, digest) REFERENCES ecr_images (repository, digest) ON DELETE CASCADE
   );`,
];

/** A repository row. */
export interface RepositoryRow {
  name: string;
  created_at: number;
  mutability: 'MUTABLE' | 'IMMUTABLE';
  scan_on_push: number;
  encryption: string;
  tags: string;
}

/** An image row with its tags. */
export interface ImageRow {
  repository: string;
  digest: string;
  target: ImageTarget;
  pushed_at: number;
  tags: string[];
}

/** The registry's SQL, prepared once. */
export function createEcrStore(db: SqliteDatabase) {
  migrate(db, 'ecr', MIGRATIONS);
  const q = {
    repo: db.prepare('SELECT * FROM ecr_repositories WHERE name = ?'),
    repos: db.prepare('SELECT * FROM ecr_repositories ORDER BY name'),
    insertRepo: db.prepare(
      'INSERT INTO ecr_repositories (name, created_at, mutability, scan_on_push, encryption, tags) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteRepo: db.prepare('DELETE FROM ecr_repositories WHERE name = ?'),
    images: db.prepare('SELECT * FROM ecr_images WHERE repository = ? ORDER BY pushed_at, digest'),
    tags: db.prepare('SELECT tag, digest FROM ecr_tags WHERE repository = ? ORDER BY tag'),
    upsertImage: db.prepare(
      `INSERT INTO ecr_images (repository, digest, target, pushed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (repository, digest) DO UPDATE SET pushed_at = excluded.pushed_at`,
    ),
    setTag: db.prepare(
      `INSERT INTO ecr_tags (repository, tag, digest) VALUES (?, ?, ?)
       ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest`,
    ),
    byTag: db.prepare(
      `SELECT i.target FROM ecr_tags t JOIN ecr_images i ON i.repository = t.repository AND i.digest = t.digest
       WHERE t.repository = ? AND t.tag = ?`,
    ),
    byDigest: db.prepare('SELECT target FROM ecr_images WHERE repository = ? AND digest = ?'),
    tagDigest: db.prepare('SELECT digest FROM ecr_tags WHERE repository = ? AND tag = ?'),
  };
  const put = db.transaction(
    (repository: string, tag: string, digest: string, target: string, now: number) => {
      q.upsertImage.run(repository, digest, target, now);
      q.setTag.run(repository, tag, digest);
    },
  );
  return {
    repository: (name: string) => q.repo.get(name) as RepositoryRow | undefined,
    repositories: () => q.repos.all() as RepositoryRow[],
    insertRepository(row: RepositoryRow): void {
      q.insertRepo.run(
        row.name,
        row.created_at,
        row.mutability,
        row.scan_on_push,
        row.encryption,
        row.tags,
      );
    },
    deleteRepository: (name: string) => void q.deleteRepo.run(name),
    images(repository: string): ImageRow[] {
      const tags = new Map<string, string[]>();
      for (const { tag, digest } of q.tags.all(repository) as Array<{
        tag: string;
        digest: string;
      }>) {
        tags.set(digest, [...(tags.get(digest) ?? []), tag]);
      }
      const rows = q.images.all(repository) as Array<
        Omit<ImageRow, 'target' | 'tags'> & { target: string }
      >;
      return rows.map((r) => ({
        ...r,
        target: JSON.parse(r.target) as ImageTarget,
        tags: tags.get(r.digest) ?? [],
      }));
    },
    putImage(
      repository: string,
      tag: string,
      digest: string,
      target: ImageTarget,
      now: number,
    ): void {
      put(repository, tag, digest, JSON.stringify(target), now);
    },
    digestOfTag: (repository: string, tag: string) =>
      (q.tagDigest.get(repository, tag) as { digest: string } | undefined)?.digest,
    targetByTag(repository: string, tag: string): ImageTarget | undefined {
      const row = q.byTag.get(repository, tag) as { target: string } | undefined;
      return row ? (JSON.parse(row.target) as ImageTarget) : undefined;
    },
    targetByDigest(repository: string, digest: string): ImageTarget | undefined {
      const row = q.byDigest.get(repository, digest) as { target: string } | undefined;
      return row ? (JSON.parse(row.target) as ImageTarget) : undefined;
    },
  };
}

/** The store's type. */
export type EcrStore = ReturnType<typeof createEcrStore>;
