import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { CreateModelmillOptions, Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { CfnTemplate, CompiledResource, ResourceChange } from '../../src/resources/index.js';
import {
  applyResources,
  compileResources,
  formatIssue,
  removeStack,
  synthTemplate,
} from '../../src/resources/index.js';
import type { LinkedSynthContext } from '../../src/resources/kinds/index.js';

/** Shared setup of the kinds tests: a real instance in a temp home, and short forms of up, down, synth. */

/** A test's instance, replaced before each test. */
export const instance: { mm: Modelmill; home: string } = {} as never;

/** Opens a fresh instance before each test of the calling file and closes it after. */
export function useInstance(options: Omit<CreateModelmillOptions, 'home'> = {}): void {
  beforeEach(async () => {
    instance.home = mkdtempSync(join(tmpdir(), 'mm-kinds-'));
    instance.mm = await createModelmill({ home: instance.home, logLevel: 'silent', ...options });
  });
  afterEach(async () => {
    await instance.mm.close();
    rmSync(instance.home, { recursive: true, force: true });
  });
}

/** `action kind name` of each line of a report. */
export const lines = (changes: ResourceChange[]) =>
  changes.map((c) => `${c.action} ${c.kind} ${c.name}`);

/** `up` of `specs` under stack `t`. */
export function up(specs: unknown[], options: { baseDir?: string } = {}) {
  return applyResources(instance.mm, specs, { stack: 't', ...options });
}

/** `down` of stack `t`. */
export function down(force = false) {
  return removeStack(instance.mm, 't', { force });
}

/** The error a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

/** Every problem of a config, formatted as users read them. */
export function problems(resources: unknown[], baseDir?: string): string[] {
  const result = compileResources({ resources }, baseDir ? { baseDir } : {});
  return result.ok ? [] : result.issues.map(formatIssue);
}

/** Compiled resources of specs that must be valid. */
export function compiled(resources: unknown[], baseDir?: string): CompiledResource[] {
  const result = compileResources({ resources }, baseDir ? { baseDir } : {});
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.resources;
}

/** The template of specs, through the synthesizer. */
export function template(resources: unknown[], baseDir?: string): CfnTemplate {
  return synthTemplate(compiled(resources, baseDir), { stack: 't' }).template;
}

/** One kind's synth of one spec, with a context that knows the logical ids in `siblings`. */
export function synthOne(
  resources: unknown[],
  index: number,
  siblings: Record<string, string> = {},
) {
  const all = compiled(resources);
  const resource = all[index] as CompiledResource;
  const notes: string[] = [];
  const context: LinkedSynthContext = {
    stack: 't',
    logicalId: 'Self',
    note: (message) => notes.push(message),
    logicalIdOf: (kind, key) => siblings[`${kind}:${key}`],
  };
  return { part: resource.kind.synth(resource.spec, context), notes };
}
