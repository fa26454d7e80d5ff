import type { AccountScope, Clock } from '../../core/index.js';
import { systemClock } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import type { EcrContext } from './context.js';
import { createResolveCache } from './context.js';
import { describeImages, listImages, listMappings, registerImage, resolveImage } from './images.js';
import { createRepository, deleteRepository, describeRepositories } from './repositories.js';
import { createEcrStore } from './store.js';
import type { LocalImageRegistry } from './types.js';

/**
 * The embedded image registry: ECR's repositories and tags in SQLite, each
 * image holding what it runs here (a program, a folder, a real image) in
 * place of layers.
 */

/** Options of the embedded registry. */
export interface LocalEcrOptions {
  db: SqliteDatabase;
  /** The registry's account and region (repository URIs and ARNs). */
  scope: AccountScope;
  /** Default: the system clock. */
  clock?: Clock;
  /** Known program names, to reject a registration of an unknown one. Default: accept any. */
  hasProgram?: (name: string) => boolean;
}

/** Creates the embedded registry (tables `ecr_*`). */
export function createLocalEcr(options: LocalEcrOptions): LocalImageRegistry {
  const ctx: EcrContext = {
    scope: options.scope,
    clock: options.clock ?? systemClock,
    store: createEcrStore(options.db),
    resolved: createResolveCache(options.db),
    hasProgram: options.hasProgram,
  };
  return {
    createRepository: async (input) => createRepository(ctx, input),
    describeRepositories: async (input) => describeRepositories(ctx, input),
    describeImages: async (input) => describeImages(ctx, input),
    listImages: async (input) => listImages(ctx, input),
    deleteRepository: async (input) => deleteRepository(ctx, input),
    registerImage: async (input) => registerImage(ctx, input),
    listMappings: () => listMappings(ctx),
    resolve: (uri) => resolveImage(ctx, uri),
  };
}
