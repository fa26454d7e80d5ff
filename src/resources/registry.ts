import { ModelmillError } from '../core/index.js';
import { builtinKinds } from './kinds/index.js';
import type { AnyResourceKind } from './types.js';

/** The resource kinds a config may use, by their `kind` name. */
export interface KindRegistry {
  /** The kind named `kind`, or undefined. */
  get(kind: string): AnyResourceKind | undefined;
  /** Every kind, in registration order. */
  list(): AnyResourceKind[];
  /** Adds a kind; a second kind with the same name is an error. */
  register(kind: AnyResourceKind): void;
}

/** A registry holding `kinds` (default: the built-in kinds). */
export function createKindRegistry(kinds: readonly AnyResourceKind[] = builtinKinds): KindRegistry {
  const byName = new Map<string, AnyResourceKind>();
  const registry: KindRegistry = {
    get: (kind) => byName.get(kind),
    list: () => [...byName.values()],
    register(kind) {
      if (byName.has(kind.kind)) {
        throw new ModelmillError(
          'InvalidArgument',
          `resource kind '${kind.kind}' is registered twice; give the second one another name`,
        );
      }
      byName.set(kind.kind, kind);
    },
  };
  for (const kind of kinds) registry.register(kind);
  return registry;
}
