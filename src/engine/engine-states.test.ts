import { describe, expect, it } from 'vitest';
import { StatesError } from '../asl/index.js';
import { createFakeClock, createSequentialIds } from '../core/index.js';
import type { ObjectAccess } from './deps.js';
import { createEngine } from './engine.js';
import { IntegrationRegistry } from './integrations.js';
import { createMemoryStore } from './memory-store.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

function memoryObjects(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const objects: ObjectAccess = {
    getObject: async (bucket, key) => {
      const body = files.get(`${bucket}/${key}`);
      if (body === undefined) throw new Error(`NoSuchKey ${bucket}/${key}`);
      return Buffer.from(body);
    },
    putObject: async (bucket, key, body) => void files.set(`${bucket}/${key}`, body.toString()),
    listObjects: async function* (bucket, prefix) {
      for (const path of [...files.keys()].sort()) {
        const key = path.slice(bucket.length + 1);
        if (path.startsWith(`${bucket}/`) && key.startsWith(prefix))
          yield { Key: key, Size: files.get(path)!.length };
      }
    },
  };
  return { files, objects };
}

function setup(options: { registry?: IntegrationRegistry; objects?: ObjectAccess } = {}) {
  const clock = createFakeClock();
  const engine = createEngine({
    store: createMemoryStore(),
    integrations: options.registry ?? new IntegrationRegistry(),
    scope,
    clock,
    ids: createSequentialIds(),
    ...(options.objects ? { objects: options.objects } : {}),
  });
  return { engine, clock };
}

async function execute(
  engine: ReturnType<typeof setup>['engine'],
  definition: object,
  input: unknown = {},
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
) {
  const name = `m${Math.random().toString(36).slice(2, 8)}`;
  engine.createStateMachine({ name, definition: JSON.stringify(definition), type });
  const { executionArn } = engine.startExecution({
    stateMachineArn: name,
    input: JSON.stringify(input),
  });
  const final = await engine.waitFor(executionArn);
  return {
    final,
    output: final.output === undefined ? undefined : (JSON.parse(final.output) as unknown),
    executionArn,
  };
}

describe('engine: Map and Parallel', () => {
  it('fails a Parallel with the failing branch error and stops its siblings', async () => {
    const registry = new IntegrationRegistry();
    const { engine, clock } = setup({ registry });
    let slowFinished = false;
    registry.register('test:slow', async ({ context }) => {
      await clock.sleep(60_000, context.signal);
      slowFinished = true;
      return 1;
    });
    const { final } = await execute(engine, {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Slow',
              States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::test:slow', End: true } },
            },
            {
              StartAt: 'Boom',
              States: { Boom: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'second branch' } },
            },
          ],
          End: true,
        },
      },
    });
    expect([final.status, final.error, final.cause]).toEqual([
      'FAILED',
      'Branch.Broke',
      'second branch',
    ]);
    expect(slowFinished).toBe(false);
  });

  it('runs a Map with an ItemSelector that reads $$.Map.Item and variables, and catches a failed item', async () => {
    const { engine } = setup();
    const { output } = await execute(
      engine,
      {
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Each' },
          Each: {
            Type: 'Map',
            ItemsPath: '$.values',
            ItemSelector: {
              'index.$': '$$.Map.Item.Index',
              'value.$': '$$.Map.Item.Value',
              'factor.$': '$factor',
            },
            ItemProcessor: {
              StartAt: 'Check',
              States: {
                Check: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$.value', NumericGreaterThan: 100, Next: 'TooBig' }],
                  Default: 'Scale',
                },
                Scale: {
                  Type: 'Pass',
                  Parameters: { 'v.$': 'States.MathAdd($.value, $.factor)' },
                  End: true,
                },
                TooBig: { Type: 'Fail', Error: 'Item.TooBig' },
              },
            },
            Catch: [{ ErrorEquals: ['Item.TooBig'], ResultPath: '$.error', Next: 'Done' }],
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      { values: [1, 2, 3] },
    );
    expect(output).toEqual([{ v: 11 }, { v: 12 }, { v: 13 }]);
    const failing = await execute(
      engine,
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.v',
            ItemProcessor: {
              StartAt: 'F',
              States: {
                F: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$', NumericGreaterThan: 100, Next: 'X' }],
                  Default: 'P',
                },
                P: { Type: 'Pass', End: true },
                X: { Type: 'Fail', Error: 'Item.TooBig' },
              },
            },
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      { v: [1, 500] },
    );
    expect(failing.output).toEqual({ v: [1, 500], error: { Error: 'Item.TooBig' } });
  });
});

describe('engine: distributed Map', () => {
  it('reads items from CSV, batches them, tolerates failures and writes results to S3', async () => {
    const csv = 'part,rows\nbracket,10\ngear,0\nvalve,7\nshaft,3\n';
    const { files, objects } = memoryObjects({ 'data/parts.csv': csv });
    const { engine } = setup({ objects });
    const { final, output } = await execute(
      engine,
      {
        StartAt: 'Train',
        States: {
          Train: {
            Type: 'Map',
            ItemReader: {
              Resource: 'arn:aws:states:::s3:getObject',
              ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
              Parameters: { Bucket: 'data', Key: 'parts.csv' },
            },
            ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
            ToleratedFailureCount: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Check',
              States: {
                Check: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$.Items[1].rows', StringEquals: '0', Next: 'Empty' }],
                  Default: 'Ok',
                },
                Ok: {
                  Type: 'Pass',
                  Parameters: { 'parts.$': '$.Items[*].part', 'run.$': '$.BatchInput.run' },
                  End: true,
                },
                Empty: { Type: 'Fail', Error: 'Partition.Empty' },
              },
            },
            ResultWriter: {
              Resource: 'arn:aws:states:::s3:putObject',
              Parameters: { Bucket: 'results', Prefix: 'train' },
            },
            End: true,
          },
        },
      },
      { run: 'r1' },
    );
    expect(final.status).toBe('SUCCEEDED');
    const { ResultWriterDetails } = output as {
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    const manifest = JSON.parse(files.get(`results/${ResultWriterDetails.Key}`) ?? '{}') as {
      ResultFiles: Record<string, Array<{ Key: string }>>;
    };
    const succeeded = JSON.parse(
      files.get(`results/${manifest.ResultFiles.SUCCEEDED?.[0]?.Key}`) ?? '[]',
    ) as Array<{ Output: string }>;
    expect(succeeded.map((r) => JSON.parse(r.Output))).toEqual([
      { parts: ['valve', 'shaft'], run: 'r1' },
    ]);
    expect(manifest.ResultFiles.FAILED).toHaveLength(1);
  });

  it('fails the Map when more items fail than tolerated', async () => {
    const { objects } = memoryObjects({ 'data/items.json': JSON.stringify([1, -1, -2, 3]) });
    const { engine } = setup({ objects });
    const { final } = await execute(engine, {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'data', Key: 'items.json' },
          },
          ToleratedFailurePercentage: 25,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'C',
            States: {
              C: {
                Type: 'Choice',
                Choices: [{ Variable: '$', NumericLessThan: 0, Next: 'F' }],
                Default: 'P',
              },
              P: { Type: 'Pass', End: true },
              F: { Type: 'Fail', Error: 'Negative' },
            },
          },
          End: true,
        },
      },
    });
    expect([final.status, final.error]).toEqual([
      'FAILED',
      'States.ExceedToleratedFailureThreshold',
    ]);
  });
});

describe('engine: nested executions, timeouts, JSONata', () => {
  it('starts a child state machine with states:startExecution.sync:2 and gets its JSON output', async () => {
    const { engine } = setup();
    engine.createStateMachine({
      name: 'child',
      definition: JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: { C: { Type: 'Pass', Output: '{% {"twice": $states.input.n * 2} %}', End: true } },
      }),
    });
    const { output } = await execute(
      engine,
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: 'arn:aws:states:eu-west-1:999999999999:stateMachine:child',
              Input: { 'n.$': '$.n' },
            },
            OutputPath: '$.Output',
            End: true,
          },
        },
      },
      { n: 21 },
    );
    expect(output).toEqual({ twice: 42 });
  });

  it('times out a whole execution after its TimeoutSeconds', async () => {
    const { engine } = setup();
    const { final } = await execute(engine, {
      TimeoutSeconds: 5,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    });
    expect([final.status, final.error]).toEqual(['TIMED_OUT', 'States.Timeout']);
  });

  it('fails a task that stops sending heartbeats', async () => {
    const registry = new IntegrationRegistry();
    const { engine } = setup({ registry });
    registry.register('test:silent', async () => ({}), ['waitForTaskToken']);
    const { final } = await execute(engine, {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:silent.waitForTaskToken',
          HeartbeatSeconds: 10,
          TimeoutSeconds: 600,
          End: true,
        },
      },
    });
    expect(final.error).toBe('States.HeartbeatTimeout');
  });

  it("evaluates AWS's JSONata functions and Arguments/Output/Assign", async () => {
    const registry = new IntegrationRegistry();
    registry.register('test:echo', async ({ parameters }) => parameters);
    const { engine } = setup({ registry });
    const { output } = await execute(
      engine,
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::test:echo',
            Arguments: {
              chunks: '{% $partition($states.input.xs, 2) %}',
              range: '{% $range(1, 7, 3) %}',
              hash: "{% $hash('abc', 'MD5') %}",
              parsed: '{% $parse(\'{"k":[1]}\') %}',
            },
            Assign: { count: '{% $count($states.result.chunks) %}' },
            Output: '{% $merge([$states.result, {"input": $states.input}]) %}',
            Next: 'Use',
          },
          Use: {
            Type: 'Pass',
            Output: '{% {"count": $count, "chunks": $states.input.chunks} %}',
            End: true,
          },
        },
      },
      { xs: [1, 2, 3, 4, 5] },
    );
    expect(output).toEqual({ count: 3, chunks: [[1, 2], [3, 4], [5]] });
  });

  it('reports a task failure to Catch with its cause, and keeps start idempotent per name', async () => {
    const registry = new IntegrationRegistry();
    registry.register('test:bad', async () => {
      throw new StatesError('Service.Bad', JSON.stringify({ status: 'FAILED' }));
    });
    const { engine } = setup({ registry });
    const definition = JSON.stringify({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::test:bad', End: true } },
    });
    engine.createStateMachine({ name: 'idem', definition });
    const a = engine.startExecution({ stateMachineArn: 'idem', name: 'once', input: '{}' });
    const b = engine.startExecution({ stateMachineArn: 'idem', name: 'once', input: '{}' });
    expect(b.executionArn).toBe(a.executionArn);
    const final = await engine.waitFor(a.executionArn);
    expect([final.error, final.cause]).toEqual(['Service.Bad', '{"status":"FAILED"}']);
    expect(() =>
      engine.startExecution({ stateMachineArn: 'idem', name: 'once', input: '{}' }),
    ).toThrow(expect.objectContaining({ code: 'ExecutionAlreadyExists' }));
  });
});

describe('engine: time scale', () => {
  it('shortens Wait states and retry back-offs by the time scale', async () => {
    const clock = createFakeClock();
    const registry = new IntegrationRegistry();
    let calls = 0;
    registry.register('test:twice', async () => {
      calls += 1;
      if (calls === 1) throw new StatesError('Again', 'once more');
      return 'ok';
    });
    const engine = createEngine({
      store: createMemoryStore(),
      integrations: registry,
      scope,
      clock,
      timeScale: 0.01,
    });
    const start = clock.now();
    const { final } = await execute(engine, {
      StartAt: 'Poll',
      States: {
        Poll: { Type: 'Wait', Seconds: 30, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::test:twice',
          Retry: [{ ErrorEquals: ['Again'], IntervalSeconds: 100 }],
          End: true,
        },
      },
    });
    expect(final.status).toBe('SUCCEEDED');
    expect(clock.now() - start).toBe(300 + 1000);
  });
});
