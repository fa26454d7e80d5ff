import type { z } from 'zod';
import type { Modelmill } from '../modelmill.js';

/**
 * The resource model's shapes: what a resource kind is (schema, key, apply,
 * remove, synth), what applying and removing report, and the CloudFormation
 * pieces a kind synthesizes.
 */

/** What a kind needs from a modelmill instance: its config, database, clock, engine and services. */
export type ResourceHost = Pick<Modelmill, 'config' | 'db' | 'clock' | 'engine' | 'services'>;

/** What applying one resource did. */
export const ApplyOutcome = {
  Created: 'created',
  Updated: 'updated',
  Unchanged: 'unchanged',
} as const;
/** An apply outcome. */
export type ApplyOutcome = (typeof ApplyOutcome)[keyof typeof ApplyOutcome];

/** What removing one resource did. */
export const RemoveOutcome = {
  Deleted: 'deleted',
  Absent: 'absent',
} as const;
/** A remove outcome. */
export type RemoveOutcome = (typeof RemoveOutcome)[keyof typeof RemoveOutcome];

/**
 * What applying a resource would do, found without changing anything:
 * create it, update it in place (`changes` says what differs), leave it, or
 * refuse (`conflict` says what cannot change in place and the fix).
 */
export type ResourcePlan =
  | { action: 'create' }
  | { action: 'update'; changes: string[] }
  | { action: 'unchanged' }
  | { action: 'conflict'; problem: string };

/** A problem found in a resource's fields: the field path (`hashKey.type`) and what is wrong. */
export interface FieldIssue {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** Where a resource spec came from, for kinds that read files (state machine definitions). */
export interface CompileContext {
  /** Folder that relative paths in the spec resolve against (the config's folder). */
  baseDir: string;
}

/** Options of a removal. */
export interface RemoveOptions {
  /** Delete what a resource holds (a bucket's objects) instead of refusing. Default false. */
  force: boolean;
}

/** One CloudFormation resource. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  Metadata?: Record<string, unknown>;
}

/** One CloudFormation output. */
export interface CfnOutput {
  Description?: string;
  Value: unknown;
}

/** What a kind's synth receives. */
export interface SynthContext {
  /** The stack being synthesized. */
  stack: string;
  /** The logical id of this resource (derived from its kind and name); extra resources append to it. */
  logicalId: string;
  /** Records something the template cannot express (it goes into the template's Metadata and to the user). */
  note(message: string): void;
  /** The logical id of another resource of the template, by kind and key (a `Ref` target); undefined when absent. */
  logicalIdOf?(kind: string, key: string): string | undefined;
}

/** One CloudFormation template parameter. */
export interface CfnParameter {
  Type: string;
  Description?: string;
  Default?: string;
}

/** What a kind's synth returns: resources by logical id, and outputs. */
export interface SynthPart {
  resources: Record<string, CfnResource>;
  outputs?: Record<string, CfnOutput>;
  /** Template Parameters (the same declaration from several resources is one). */
  parameters?: Record<string, CfnParameter>;
}

/**
 * A kind of resource: one small module per kind, listed in the registry.
 * `Spec` is the validated spec (always carrying `kind` and `name`).
 */
export interface ResourceKind<Spec extends ResourceSpec = ResourceSpec> {
  /** The `kind` value in configs (`bucket`, `table`, ...). */
  readonly kind: string;
  /** Suffix of synthesized logical ids (`Bucket`, `Table`, ...). */
  readonly logicalIdSuffix: string;
  /** Top-level fields left as written: config `${Param}` references are not expanded inside them. */
  readonly verbatimFields?: readonly string[];
  /** Validates a spec's fields (the `kind` field included). */
  readonly schema: z.ZodType<Spec>;
  /** Checks what the schema cannot (files, definitions) and resolves them; returns the final spec or its issues. */
  compile?(spec: Spec, context: CompileContext): Spec | { issues: FieldIssue[] };
  /** The spec as remembered in the applied state, secrets left out (default: the spec itself). */
  redact?(spec: Spec): Spec;
  /** The name that identifies the resource among its kind (two specs with the same key are an error). */
  key(spec: Spec): string;
  /** What apply would do; changes nothing. */
  plan(host: ResourceHost, spec: Spec): Promise<ResourcePlan>;
  /** Creates or updates the resource to match the spec; idempotent. Throws when it cannot change in place. */
  apply(host: ResourceHost, spec: Spec): Promise<ApplyOutcome>;
  /** Why removal would be refused (e.g. a non-empty bucket without force); undefined when it may go ahead. */
  checkRemove?(host: ResourceHost, spec: Spec, options: RemoveOptions): Promise<string | undefined>;
  /** Deletes the resource; `absent` when it was already gone. */
  remove(host: ResourceHost, spec: Spec, options: RemoveOptions): Promise<RemoveOutcome>;
  /** The CloudFormation resources for the spec. */
  synth(spec: Spec, context: SynthContext): SynthPart;
}

/** The fields every resource spec has. */
export interface ResourceSpec {
  kind: string;
  name: string;
}

/** A kind of any spec, as the registry holds them. */
export type AnyResourceKind = ResourceKind<any>;

/** Declares a kind with its spec type inferred from the schema. */
export function defineKind<Spec extends ResourceSpec>(
  kind: ResourceKind<Spec>,
): ResourceKind<Spec> {
  return kind;
}
