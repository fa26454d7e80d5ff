import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  down,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** The `glueJob` kind against the embedded Glue, and a job run through a state machine. */

useInstance({
  programs: [
    {
      name: 'record-args',
      module: new URL('../fixtures/echo-program.js', import.meta.url),
      export: 'recordArgs',
    },
  ],
});

const configDir = mkdtempSync(join(tmpdir(), 'mm-glue-config-'));
writeFileSync(join(configDir, 'transform.py'), 'print("transform")\n');
writeFileSync(join(configDir, 'transform.mjs'), 'console.log("transform");\n');

const job = (over: object = {}) => ({
  kind: 'glueJob',
  name: 'np-training-gatekeeper',
  script: 'program:record-args',
  defaultArguments: { '--bucket': 'runs', '--table': 'runs', '--retries': 2 },
  timeout: 120,
  ...over,
});

const getJob = async (name = 'np-training-gatekeeper') =>
  (await instance.mm.services.glue.getJob({ JobName: name })).Job;

describe('glueJob', () => {
  it('creates the job in Glue, then reports unchanged', async () => {
    const first = await up([job({ tags: { team: 'ml' } })]);
    expect(lines(first.resources)).toEqual(['created glueJob np-training-gatekeeper']);
    expect(await getJob()).toMatchObject({
      Name: 'np-training-gatekeeper',
      Role: 'arn:aws:iam::000000000000:role/modelmill-local',
      Command: { Name: 'pythonshell', ScriptLocation: 'program:record-args' },
      DefaultArguments: { '--bucket': 'runs', '--table': 'runs', '--retries': '2' },
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      MaxRetries: 0,
      Timeout: 120,
      GlueVersion: '3.0',
    });
    const second = await up([job({ tags: { team: 'ml' } })]);
    expect(second.resources).toMatchObject([{ action: 'unchanged' }]);
  });

  it('updates every field in place and names what changed', async () => {
    await up([job()]);
    const report = await up(
      [
        job({
          script: 'transform.py',
          defaultArguments: { '--bucket': 'other' },
          maxConcurrentRuns: 5,
          workerType: 'G.1X',
          numberOfWorkers: 2,
          role: 'arn:aws:iam::123456789012:role/glue',
        }),
      ],
      { baseDir: configDir },
    );
    expect(report.resources).toMatchObject([
      {
        action: 'updated',
        changes: [
          'command',
          'script',
          'defaultArguments',
          'maxConcurrentRuns',
          'glueVersion',
          'workerType',
          'numberOfWorkers',
          'role',
        ],
      },
    ]);
    const updated = await getJob();
    expect(updated).toMatchObject({
      Role: 'arn:aws:iam::123456789012:role/glue',
      Command: { Name: 'glueetl', ScriptLocation: join(configDir, 'transform.py') },
      DefaultArguments: { '--bucket': 'other' },
      ExecutionProperty: { MaxConcurrentRuns: 5 },
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 2,
    });
    // Without a role in the config, the job keeps the role it has.
    const dropped = await up([job()]);
    expect(dropped.resources[0]?.changes).not.toContain('role');
    expect((await getJob()).Role).toBe('arn:aws:iam::123456789012:role/glue');
  });

  it('down deletes what up created and keeps a job that existed before', async () => {
    await instance.mm.services.glue.createJob({
      Name: 'theirs',
      Role: 'r',
      Command: { ScriptLocation: 'program:record-args' },
    });
    await up([job(), job({ name: 'theirs', timeout: 5 })]);
    expect(lines((await down()).resources)).toEqual([
      'kept glueJob theirs',
      'deleted glueJob np-training-gatekeeper',
    ]);
    expect((await instance.mm.services.glue.listJobs()).JobNames).toEqual(['theirs']);
  });

  it('reports a job deleted behind its back as already gone', async () => {
    await up([job()]);
    await instance.mm.services.glue.deleteJob({ JobName: 'np-training-gatekeeper' });
    expect((await down()).resources).toMatchObject([{ action: 'absent', note: 'already gone' }]);
  });

  it('runs to SUCCEEDED through glue:startJobRun.sync, with its arguments in the output', async () => {
    await instance.mm.start();
    await up([
      { kind: 'bucket', name: 'runs' },
      { kind: 'table', name: 'runs', hashKey: { name: 'run' } },
      job(),
      {
        kind: 'stateMachine',
        name: 'gatekeeper-flow',
        definition: {
          StartAt: 'Gatekeeper',
          States: {
            Gatekeeper: {
              Type: 'Task',
              Resource: 'arn:aws:states:::glue:startJobRun.sync',
              Parameters: { JobName: '${Job}', Arguments: { '--run.$': '$.run' } },
              End: true,
            },
          },
        },
        definitionSubstitutions: { Job: 'np-training-gatekeeper' },
      },
    ]);
    const { executionArn } = instance.mm.engine.startExecution({
      stateMachineArn: 'gatekeeper-flow',
      input: JSON.stringify({ run: 'r1' }),
    });
    const final = await instance.mm.engine.waitFor(executionArn);
    expect([final.status, final.cause]).toEqual(['SUCCEEDED', undefined]);
    expect(JSON.parse(final.output ?? '{}')).toMatchObject({
      JobName: 'np-training-gatekeeper',
      JobRunState: 'SUCCEEDED',
      Arguments: { '--run': 'r1' },
    });
    const object = await instance.mm.services.s3.getObject({ Bucket: 'runs', Key: 'runs/r1.json' });
    expect(JSON.parse(Buffer.from(object.Body).toString())).toMatchObject({
      bucket: 'runs',
      table: 'runs',
      retries: '2',
      run: 'r1',
      JOB_NAME: 'np-training-gatekeeper',
    });
  });
});

describe('glueJob: config problems', () => {
  it('names the index, kind, name and field', () => {
    expect(
      problems(
        [
          job({ script: 'program:' }),
          job({ name: 'b', script: 'job.scala' }),
          job({ name: 'c', script: 'missing.py' }),
          job({ name: 'd', script: 's3://bucket/' }),
          job({ name: 'e', defaultArguments: { region: 'x' }, workerType: 'G.1X' }),
          job({ name: 'f', command: 'pythonshell', workerType: 'G.1X', numberOfWorkers: 2 }),
          job({ name: 'g', timeout: 0, maxConcurrentRuns: 1.5 }),
          job({ name: 'line\nbreak' }),
        ],
        configDir,
      ),
    ).toEqual([
      "resources[0] (glueJob 'np-training-gatekeeper'): script: program: needs the name of a built-in program (program:NAME)",
      "resources[1] (glueJob 'b'): script: 'job.scala' is not a script modelmill runs: give program:NAME, a .py / .js / .mjs / .cjs / .ts / .mts file (relative to the config), or an s3:// URI (Scala jobs run on AWS only; port the job to Python)",
      `resources[2] (glueJob 'c'): script: the script '${join(configDir, 'missing.py')}' does not exist; fix the path (it is relative to the config file), or give program:NAME or an s3:// URI`,
      "resources[3] (glueJob 'd'): script: 's3://bucket/' is not the S3 URI of a script; give s3://bucket/path/script.py",
      "resources[4] (glueJob 'e'): defaultArguments.region: Glue passes arguments as --key value; name it '--region'",
      "resources[4] (glueJob 'e'): numberOfWorkers: give workerType and numberOfWorkers together, or neither",
      "resources[5] (glueJob 'f'): workerType: Python shell jobs take no workers; remove workerType and numberOfWorkers, or set command to glueetl",
      "resources[6] (glueJob 'g'): maxConcurrentRuns: expected int, got number 1.5",
      "resources[6] (glueJob 'g'): timeout: Too small: expected number to be >=1, got 0",
      'resources[7] (glueJob \'line\nbreak\'): name: a Glue job name is 1-255 printable characters on one line, got "line\\nbreak"',
    ]);
  });

  it('refuses nothing at apply time that the config allows: a missing program fails the run, with the fix', async () => {
    await instance.mm.start();
    await up([job({ script: 'program:nowhere' })]);
    const glue = instance.mm.services.glue;
    const { JobRunId } = await glue.startJobRun({ JobName: 'np-training-gatekeeper' });
    const run = await glue.waitForJobRun('np-training-gatekeeper', JobRunId);
    expect(run.JobRunState).toBe('FAILED');
    expect(run.ErrorMessage).toContain('Script program:nowhere names no built-in program');
  });
});

describe('glueJob: synth', () => {
  it('synthesizes a program job as a Python shell job with its script as a Parameter and a note', () => {
    const t = template([job({ tags: { team: 'ml' } })]);
    const id = 'NpTrainingGatekeeperGlueJob';
    expect(Object.keys(t.Resources)).toEqual([`${id}Role`, id]);
    expect(t.Resources[`${id}Role`]?.Properties).toMatchObject({
      AssumeRolePolicyDocument: {
        Statement: [{ Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      ManagedPolicyArns: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSGlueServiceRole' },
      ],
    });
    expect(t.Resources[id]).toMatchObject({
      Type: 'AWS::Glue::Job',
      Properties: {
        Name: 'np-training-gatekeeper',
        Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] },
        Command: {
          Name: 'pythonshell',
          ScriptLocation: { Ref: `${id}ScriptLocation` },
          PythonVersion: '3.9',
        },
        DefaultArguments: { '--bucket': 'runs', '--table': 'runs', '--retries': '2' },
        ExecutionProperty: { MaxConcurrentRuns: 1 },
        MaxRetries: 0,
        Timeout: 120,
        GlueVersion: '3.0',
        Tags: { team: 'ml' },
      },
      Metadata: { modelmill: { program: 'record-args' } },
    });
    expect(t.Parameters?.[`${id}ScriptLocation`]?.Type).toBe('String');
    expect(t.Metadata.modelmill.notes).toEqual([
      expect.stringMatching(
        /^Glue job 'np-training-gatekeeper' runs the built-in program 'record-args' locally; on AWS it is a Python shell job, so deploy .*modelmill job record-args.*NpTrainingGatekeeperGlueJobScriptLocation$/,
      ),
    ]);
    expect(t.Outputs?.[`${id}Name`]?.Value).toEqual({ Ref: id });
  });

  it('takes S3 scripts as written, local scripts as a Parameter, and a given role as is', () => {
    const specs = [
      job({ script: 's3://code/glue/transform.py', role: 'glue-role' }),
      job({ name: 'local', script: 'transform.py', workerType: 'G.2X', numberOfWorkers: 10 }),
      job({ name: 'node', script: 'transform.mjs' }),
    ];
    const s3 = synthOne(specs.slice(0, 1), 0);
    expect(Object.keys(s3.part.resources)).toEqual(['Self']);
    expect(s3.part.resources.Self?.Properties).toMatchObject({
      Role: 'glue-role',
      Command: { ScriptLocation: 's3://code/glue/transform.py' },
    });
    expect([s3.part.parameters, s3.notes]).toEqual([undefined, []]);
    const t = template(specs, configDir);
    expect(t.Resources.LocalGlueJob?.Properties).toMatchObject({
      Command: {
        Name: 'glueetl',
        ScriptLocation: { Ref: 'LocalGlueJobScriptLocation' },
        PythonVersion: '3',
      },
      GlueVersion: '4.0',
      WorkerType: 'G.2X',
      NumberOfWorkers: 10,
    });
    expect(Object.keys(t.Parameters ?? {})).toEqual([
      'LocalGlueJobScriptLocation',
      'NodeGlueJobScriptLocation',
    ]);
    expect(t.Metadata.modelmill.notes).toEqual([
      "Glue job 'local' runs the local script transform.py; upload it to S3 (e.g. aws s3 cp transform.py s3://<bucket>/glue-scripts/transform.py) and pass its URI as the parameter LocalGlueJobScriptLocation",
      "Glue job 'node' runs the local script transform.mjs; upload it to S3 (e.g. aws s3 cp transform.mjs s3://<bucket>/glue-scripts/transform.mjs) and pass its URI as the parameter NodeGlueJobScriptLocation",
      "Glue job 'node': AWS Glue runs Python (and Scala) scripts only, so transform.mjs runs locally but must be ported to Python before it deploys",
    ]);
  });
});
