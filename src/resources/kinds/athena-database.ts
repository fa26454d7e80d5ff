import { z } from 'zod';
import { ModelmillError, isS3Uri } from '../../core/index.js';
import type { ResourceHost } from '../types.js';
import { defineKind } from '../types.js';
import { defined, unlessMissing } from './support.js';

/**
 * `athenaDatabase`: a database of the Glue Data Catalog that Athena queries
 * read. Its tables are `athenaTable` resources naming it. The description
 * and location are set when it is created.
 */

/** Athena's rule for database, table and column names it creates. */
export const athenaName = z
  .string()
  .regex(
    /^[a-z0-9_]{1,255}$/,
    'Athena names are 1-255 lowercase letters, digits and underscores (Athena lower-cases names, and other characters need quoting in every query)',
  );

const athenaDatabaseSchema = z.strictObject({
  kind: z.literal('athenaDatabase'),
  /** 1-255 lowercase letters, digits and underscores. */
  name: athenaName,
  /** A description, set on creation. */
  description: z.string().max(2048).optional(),
  /** Where the database's tables usually live (`s3://bucket/prefix/`), set on creation. */
  locationUri: z.string().refine(isS3Uri, 'expected an s3://bucket/prefix/ URI').optional(),
});

/** An Athena database spec. */
export type AthenaDatabaseSpec = z.infer<typeof athenaDatabaseSchema>;

/** The `athenaDatabase` kind. */
export const athenaDatabaseKind = defineKind<AthenaDatabaseSpec>({
  kind: 'athenaDatabase',
  logicalIdSuffix: 'GlueDatabase',
  schema: athenaDatabaseSchema,
  key: (spec) => spec.name,
  async plan(host, spec) {
    return (await exists(host, spec.name)) ? { action: 'unchanged' } : { action: 'create' };
  },
  async apply(host, spec) {
    if (await exists(host, spec.name)) return 'unchanged';
    await host.services.athena.catalog.createDatabase({
      DatabaseInput: {
        Name: spec.name,
        ...(spec.description === undefined ? {} : { Description: spec.description }),
        ...(spec.locationUri === undefined ? {} : { LocationUri: spec.locationUri }),
      },
    });
    return 'created';
  },
  async remove(host, spec, options) {
    const catalog = host.services.athena.catalog;
    if (!(await exists(host, spec.name))) return 'absent';
    // down removes the stack's own tables first (they are newer): what is left is someone else's.
    const { TableList } = await catalog.getTables({ DatabaseName: spec.name, MaxResults: 20 });
    if (TableList.length > 0 && !options.force) {
      throw new ModelmillError(
        'ValidationException',
        `Athena database '${spec.name}' still holds tables this stack did not create (${TableList.map((t) => t.Name).join(', ')}); dropping it would drop them (their data stays in S3). Drop them first, or run down again with --force`,
      );
    }
    await catalog.deleteDatabase({ Name: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::Glue::Database',
          Properties: {
            CatalogId: { Ref: 'AWS::AccountId' },
            DatabaseInput: defined({
              Name: spec.name,
              Description: spec.description,
              LocationUri: spec.locationUri,
            }),
          },
        },
      },
    };
  },
});

async function exists(host: ResourceHost, name: string): Promise<boolean> {
  const found = await unlessMissing(
    () => host.services.athena.catalog.getDatabase({ Name: name }),
    'EntityNotFoundException',
  );
  return found !== undefined;
}
