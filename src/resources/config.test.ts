import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileResources, loadResourceConfig } from './config.js';
import { formatIssue } from './issues.js';

const dir = mkdtempSync(join(tmpdir(), 'mm-res-config-'));

function problems(document: unknown, params?: Record<string, string>): string[] {
  const result = compileResources(document, { baseDir: dir, ...(params ? { params } : {}) });
  return result.ok ? [] : result.issues.map(formatIssue);
}

const machine = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

describe('compileResources', () => {
  it('accepts a document or a bare array and fills defaults', () => {
    const doc = [
      { kind: 'bucket', name: 'my-bucket' },
      { kind: 'parameter', name: '/a/b', value: ['x', 'y'], type: 'StringList' },
      { kind: 'table', name: 'jobs', hashKey: { name: 'id' } },
    ];
    const result = compileResources(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources.map((r) => r.label)).toEqual([
      "bucket 'my-bucket'",
      "parameter '/a/b'",
      "table 'jobs'",
    ]);
    expect(result.resources[0]?.spec).toEqual({
      kind: 'bucket',
      name: 'my-bucket',
      eventBridge: false,
    });
    expect(result.resources[1]?.spec).toMatchObject({ value: 'x,y', overwrite: true });
    expect(result.resources[2]?.spec).toMatchObject({ hashKey: { name: 'id', type: 'S' } });
    expect(compileResources({ resources: doc }).ok).toBe(true);
  });

  it('names the index, kind, name and field of every problem, and the value it got', () => {
    const doc = {
      resources: [
        { kind: 'bucket', name: 'Bad_Bucket' },
        { kind: 'parameter', name: '/p', value: 'v', type: 'Secret' },
        { kind: 'table', name: 'ok-table', hashKey: { name: 'id' }, colour: 'red' },
        { kind: 'table', name: 'jobs', hashKey: { name: 'id', type: 'string' } },
        { kind: 'buckt', name: 'x' },
        { name: 'no-kind' },
        { kind: 'table', name: 'runs' },
        { kind: 'parameter', name: '/q', value: 3 },
      ],
    };
    expect(problems(doc)).toEqual([
      "resources[0] (bucket 'Bad_Bucket'): name: The specified bucket is not valid: bucket name 'Bad_Bucket' may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit. Use a name such as 'my-team-data'.",
      'resources[1] (parameter \'/p\'): type: expected one of String, StringList, SecureString, got "Secret"',
      "resources[2] (table 'ok-table'): colour: unknown field; remove it or check its spelling",
      'resources[3] (table \'jobs\'): hashKey.type: expected one of S, N, B, got "string"',
      'resources[4]: kind: unknown kind "buckt"; use one of bucket, parameter, table, stateMachine, computeEnvironment, jobQueue, jobDefinition, image, eventBus, rule, topic, subscription, athenaDatabase, athenaTable, glueJob, function, modelPackageGroup, deliveryStream',
      'resources[5]: kind: required; one of bucket, parameter, table, stateMachine, computeEnvironment, jobQueue, jobDefinition, image, eventBus, rule, topic, subscription, athenaDatabase, athenaTable, glueJob, function, modelPackageGroup, deliveryStream',
      "resources[6] (table 'runs'): hashKey: required (expected object)",
      "resources[7] (parameter '/q'): value: expected string or array, got number 3",
    ]);
  });

  it('reports duplicate names of one kind, and allows the same name across kinds', () => {
    const doc = [
      { kind: 'table', name: 'jobs', hashKey: { name: 'id' } },
      { kind: 'bucket', name: 'jobs' },
      { kind: 'table', name: 'jobs', hashKey: { name: 'pk' } },
    ];
    expect(problems(doc)).toEqual([
      "resources[2] (table 'jobs'): name: duplicates resources[0] (table 'jobs'); give each table its own name",
    ]);
  });

  it('checks cross-field rules with their own messages', () => {
    expect(
      problems([
        { kind: 'parameter', name: '/p', value: ['a', 'b'] },
        {
          kind: 'table',
          name: 'jobs',
          hashKey: { name: 'id' },
          rangeKey: { name: 'id', type: 'N' },
        },
      ]),
    ).toEqual([
      "resources[0] (parameter '/p'): value: a list value needs type StringList (this parameter is a String); set type to StringList or give one string",
      "resources[1] (table 'jobs'): rangeKey.name: the range key must be another attribute than the hash key",
    ]);
  });

  it('expands ${Param} from --param values and declared defaults, but not inside definitions', () => {
    const result = compileResources(
      {
        parameters: { Env: 'dev', Team: { description: 'owning team' } },
        resources: [
          { kind: 'bucket', name: '${Team}-${Env}-data' },
          { kind: 'parameter', name: '/${Team}/template', value: 'keep ${!Literal} as is' },
          {
            kind: 'stateMachine',
            name: '${Team}-flow',
            definition: {
              StartAt: 'A',
              States: { A: { Type: 'Pass', Result: '${Team}', End: true } },
            },
            definitionSubstitutions: { Team: 'from-substitutions' },
          },
        ],
      },
      { params: { Team: 'ml' } },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources.map((r) => r.spec.name)).toEqual([
      'ml-dev-data',
      '/ml/template',
      'ml-flow',
    ]);
    expect(result.resources[1]?.spec).toMatchObject({ value: 'keep ${Literal} as is' });
    expect(result.resources[2]?.spec).toMatchObject({
      definition: { States: { A: { Result: '${Team}' } } },
    });
  });

  it('reports references without a value and --param values nothing uses', () => {
    expect(problems([{ kind: 'bucket', name: '${Team}-data' }], { Tema: 'ml' })).toEqual([
      'resources[0] (bucket \'${Team}-data\'): name: ${Team} has no value; pass --param Team=VALUE or declare it with a default under "parameters"',
      '--param Tema: the config has no ${Tema} reference and declares no such parameter; check the name',
    ]);
  });

  it('checks state machine definitions: file, placeholders and ASL, located', () => {
    writeFileSync(join(dir, 'broken.json'), '{"StartAt": ');
    writeFileSync(
      join(dir, 'dangling.json'),
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }),
    );
    const found = problems([
      { kind: 'stateMachine', name: 'missing', definition: 'nope.json' },
      { kind: 'stateMachine', name: 'broken', definition: 'broken.json' },
      { kind: 'stateMachine', name: 'dangling', definition: 'dangling.json' },
      {
        kind: 'stateMachine',
        name: 'unfilled',
        definition: {
          StartAt: 'A',
          States: { A: { Type: 'Pass', Result: '${Table}', End: true } },
        },
      },
    ]);
    expect(found, found.join('\n')).toHaveLength(5);
    expect(found[0]).toMatch(
      /^resources\[0\] \(stateMachine 'missing'\): definition: cannot read the definition file '.*nope\.json': .*relative to the config file/,
    );
    expect(found[1]).toMatch(
      /^resources\[1\] \(stateMachine 'broken'\): definition: the definition file .* is not valid JSON/,
    );
    expect(found[2]).toMatch(
      /^resources\[2\] \(stateMachine 'dangling'\): definition: \/States\/A\/Next: .*B/,
    );
    expect(found[3]).toMatch(
      /^resources\[2\] \(stateMachine 'dangling'\): definition: MISSING_END_STATE: /,
    );
    expect(found[4]).toBe(
      'resources[3] (stateMachine \'unfilled\'): definition: the placeholder ${Table} has no value; add "Table" to definitionSubstitutions',
    );
  });

  it('loads a definition file relative to the config file', () => {
    const sub = mkdtempSync(join(dir, 'cfg-'));
    writeFileSync(join(sub, 'flow.asl.json'), JSON.stringify(machine));
    writeFileSync(
      join(sub, 'stack.json'),
      JSON.stringify({
        stack: 'named',
        resources: [{ kind: 'stateMachine', name: 'flow', definition: 'flow.asl.json' }],
      }),
    );
    const result = loadResourceConfig(join(sub, 'stack.json'));
    expect(result.ok && result.stack).toBe('named');
    expect(result.ok && result.resources[0]?.spec).toMatchObject({
      definition: machine,
      type: 'STANDARD',
    });
  });

  it('reports unreadable files, bad JSON and unknown top-level fields', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "resources": [ }');
    const notJson = loadResourceConfig(bad);
    expect(!notJson.ok && notJson.issues.map(formatIssue)[0]).toMatch(/bad\.json: not valid JSON/);
    const none = loadResourceConfig(join(dir, 'none.json'));
    expect(!none.ok && none.issues.map(formatIssue)[0]).toMatch(
      /none\.json: cannot read the config/,
    );
    expect(problems({ resource: [] })).toEqual([
      'config: resource: unknown field; a config has resources, parameters, stack, description',
      'config: resources: required: a list of resources',
    ]);
  });
});
