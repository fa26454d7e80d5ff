import { ModelmillError, isPlainObject } from '../../../core/index.js';
import { AlgorithmNames, isAlgorithmName } from '../../../ml/index.js';

/**
 * The mapping JSON (SYSTEMS.md §1): the primary key, the target and features,
 * and per context the mapping column and the algorithms. Parsing says what is
 * malformed and where; the checks the gatekeeper runs say which rule a
 * mapping breaks and how to fix it.
 */

/** One context's part of the mapping JSON. */
export interface MappingContext {
  /** `default`, or the column whose values split a primary key's rows. */
  mappingColumn: string;
  /** The algorithms as listed (may be empty for inference). */
  algorithms: string[];
}

/** A parsed mapping JSON. */
export interface MappingSpec {
  primaryKey: string;
  target: string | undefined;
  features: string[] | undefined;
  training: MappingContext;
  inference: MappingContext & {
    /** Mapping value → algorithms for that mapping (`Inference.mapping`). */
    mapping: Record<string, string[]>;
  };
}

const DEFAULT_MAPPING = 'default';

function fail(where: string, problem: string): never {
  throw new ModelmillError('InvalidMappingJson', `mapping JSON ${where}: ${problem}`);
}

function stringList(value: unknown, where: string, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    fail(where, `${field} must be a list of names, e.g. ["lr", "xgb", "rf"]`);
  }
  return value;
}

function contextPart(data: Record<string, unknown>, name: string, where: string): MappingContext {
  const part = data[name];
  if (!isPlainObject(part)) {
    fail(
      where,
      `mapping_json_data.${name} is missing; add {"mappingColumn": "default", "all_algorithms": [...]}`,
    );
  }
  const column = part.mappingColumn ?? DEFAULT_MAPPING;
  if (typeof column !== 'string' || column === '') {
    fail(where, `mapping_json_data.${name}.mappingColumn must be a column name or "default"`);
  }
  return {
    mappingColumn: column,
    algorithms: stringList(part.all_algorithms, where, `mapping_json_data.${name}.all_algorithms`),
  };
}

function inferenceMapping(value: unknown, where: string): Record<string, string[]> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    fail(
      where,
      'mapping_json_data.Inference.mapping must be an object of mapping value → algorithm(s)',
    );
  }
  const out: Record<string, string[]> = {};
  for (const [key, algos] of Object.entries(value)) {
    out[key] =
      typeof algos === 'string'
        ? [algos]
        : stringList(algos, where, `mapping_json_data.Inference.mapping.${key}`);
  }
  return out;
}

/** Parses a mapping JSON; `where` (its S3 URI) names it in errors. */
export function parseMappingJson(text: string, where: string): MappingSpec {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(where, `is not valid JSON (${(err as Error).message})`);
  }
  const data = isPlainObject(doc) ? doc.mapping_json_data : undefined;
  if (!isPlainObject(data)) fail(where, 'has no "mapping_json_data" object at the top');
  if (typeof data.primary_key !== 'string' || data.primary_key === '') {
    fail(where, 'mapping_json_data.primary_key must name the primary-key column');
  }
  if (data.target !== undefined && (typeof data.target !== 'string' || data.target === '')) {
    fail(where, 'mapping_json_data.target must name the target column');
  }
  const inference = contextPart(data, 'Inference', where);
  return {
    primaryKey: data.primary_key,
    target: data.target,
    features:
      data.features === undefined
        ? undefined
        : stringList(data.features, where, 'mapping_json_data.features'),
    training: contextPart(data, 'Training', where),
    inference: {
      ...inference,
      mapping: inferenceMapping((data.Inference as Record<string, unknown>).mapping, where),
    },
  };
}

/** The inference algorithms: as listed, or the union of the `mapping` values when the list is empty. */
export function inferenceAlgorithms(spec: MappingSpec): string[] {
  if (spec.inference.algorithms.length > 0) return spec.inference.algorithms;
  return [...new Set(Object.values(spec.inference.mapping).flat())];
}

/** True when the context splits a primary key's rows by no column. */
export function isDefaultMapping(column: string): boolean {
  return column === DEFAULT_MAPPING;
}

/** Problems with algorithm names that `src/ml` does not know. */
export function unknownAlgorithms(names: readonly string[], where: string): string[] {
  return [...new Set(names)]
    .filter((name) => !isAlgorithmName(name))
    .map(
      (name) =>
        `${where} names the unknown algorithm '${name}' (known: ${AlgorithmNames.join(', ')})`,
    );
}

/**
 * The rules between a training mapping and an inference mapping (one JSON or
 * two): the training algorithms include every inference algorithm, and the
 * training mapping column is the inference one or `default`.
 */
export function crossMappingProblems(training: MappingSpec, inference: MappingSpec): string[] {
  const problems: string[] = [];
  const trained = new Set(training.training.algorithms);
  const missing = inferenceAlgorithms(inference).filter((a) => !trained.has(a));
  if (missing.length > 0) {
    problems.push(
      `inference uses ${missing.join(', ')}, which training does not train (Training.all_algorithms: ${training.training.algorithms.join(', ') || 'none'}); add them to training or remove them from inference`,
    );
  }
  const column = training.training.mappingColumn;
  if (!isDefaultMapping(column) && column !== inference.inference.mappingColumn) {
    problems.push(
      `Training.mappingColumn '${column}' must be "default" or the inference mappingColumn '${inference.inference.mappingColumn}'`,
    );
  }
  if (training.primaryKey !== inference.primaryKey) {
    problems.push(
      `the inference primary_key '${inference.primaryKey}' differs from the training one '${training.primaryKey}'`,
    );
  }
  return problems;
}

/** Problems with one mapping JSON: empty or unknown algorithm lists, and the cross rules. */
export function mappingProblems(spec: MappingSpec, where: string): string[] {
  const problems: string[] = [];
  if (spec.training.algorithms.length === 0) {
    problems.push(`${where}: Training.all_algorithms is empty; list the algorithms to train`);
  }
  problems.push(...unknownAlgorithms(spec.training.algorithms, `${where} Training.all_algorithms`));
  problems.push(...unknownAlgorithms(inferenceAlgorithms(spec), `${where} Inference`));
  problems.push(...crossMappingProblems(spec, spec).map((p) => `${where}: ${p}`));
  return problems;
}

/**
 * Problems with the data's columns: the primary key, a mapping column that
 * is not `default`, the features and (for training) the target must exist.
 */
export function columnProblems(
  spec: MappingSpec,
  mappingColumn: string,
  columns: readonly string[],
  options: { needTarget: boolean; data: string },
): string[] {
  const have = new Set(columns);
  const wanted: Array<[string, string]> = [['primary_key', spec.primaryKey]];
  if (!isDefaultMapping(mappingColumn)) wanted.push(['mappingColumn', mappingColumn]);
  if (options.needTarget) {
    if (spec.target === undefined) {
      return [`the mapping JSON has no mapping_json_data.target: name the column to predict`];
    }
    wanted.push(['target', spec.target]);
  }
  for (const feature of spec.features ?? []) wanted.push(['feature', feature]);
  return wanted
    .filter(([, column]) => !have.has(column))
    .map(
      ([role, column]) =>
        `${role} column '${column}' is not in the data at ${options.data} (columns: ${columns.join(', ')})`,
    );
}
