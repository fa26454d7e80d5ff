import { ModelmillError } from '../core/index.js';
import { resolveModuleUrl } from './modules.js';
import type { ProgramDefinition, ProgramFunction } from './types.js';

/**
 * The program registry: built-in programs by name, each with the module that
 * exports it, so that a worker thread, a child process (`modelmill job
 * <name>`) or an image registration can find it.
 */

/** A registered program with its module URL resolved. */
export interface RegisteredProgram {
  name: string;
  /** The module URL to import (a `.ts` file under TypeScript sources). */
  moduleUrl: string;
  /** The export to call. */
  exportName: string;
  description?: string;
}

/** Programs by name. */
export interface ProgramRegistry {
  /** Adds (or replaces) a program. */
  register(definition: ProgramDefinition): void;
  /** The program called `name`; throws a ModelmillError listing the known names when missing. */
  get(name: string): RegisteredProgram;
  /** True when `name` is registered. */
  has(name: string): boolean;
  /** All programs, by name. */
  list(): RegisteredProgram[];
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

/** Creates a registry holding `definitions`. */
export function createProgramRegistry(
  definitions: readonly ProgramDefinition[] = [],
): ProgramRegistry {
  const programs = new Map<string, RegisteredProgram>();
  const registry: ProgramRegistry = {
    register(definition) {
      if (!NAME.test(definition.name)) {
        throw new ModelmillError(
          'ValidationException',
          `program name '${definition.name}' is not valid: use up to 128 letters, digits, '.', '_' or '-', starting with a letter or digit`,
        );
      }
      programs.set(definition.name, {
        name: definition.name,
        moduleUrl: resolveModuleUrl(definition.module),
        exportName: definition.export ?? 'default',
        ...(definition.description === undefined ? {} : { description: definition.description }),
      });
    },
    get(name) {
      const program = programs.get(name);
      if (!program) {
        const known = [...programs.keys()].sort().join(', ') || 'none';
        throw new ModelmillError(
          'ProgramNotFound',
          `no built-in program is named '${name}' (registered: ${known}); register it with programs.register({ name, module, export })`,
        );
      }
      return program;
    },
    has: (name) => programs.has(name),
    list: () => [...programs.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
  for (const definition of definitions) registry.register(definition);
  return registry;
}

const loaded = new Map<string, ProgramFunction>();

/** Imports a program's module (once per thread) and returns the exported function. */
export async function loadProgram(moduleUrl: string, exportName: string): Promise<ProgramFunction> {
  const key = `${moduleUrl}#${exportName}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(moduleUrl)) as Record<string, unknown>;
  } catch (err) {
    throw new ModelmillError(
      'ProgramNotFound',
      `cannot load program module ${moduleUrl}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    const exported = Object.keys(mod).join(', ') || 'nothing';
    throw new ModelmillError(
      'ProgramNotFound',
      `module ${moduleUrl} has no function export '${exportName}' (it exports: ${exported})`,
    );
  }
  loaded.set(key, fn as ProgramFunction);
  return fn as ProgramFunction;
}
