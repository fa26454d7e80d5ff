import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../store/index.js';
import { createEngine } from './engine.js';
import { IntegrationRegistry } from './integrations.js';
import { MIGRATIONS, createSqliteStore } from './sqlite-store.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

const passing = (result: string) =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

function open(file: string) {
  const db = openDatabase(file);
  const engine = createEngine({
    store: createSqliteStore(db),
    integrations: new IntegrationRegistry(),
    scope,
  });
  return { db, engine };
}

describe('SQLite store: execution definitions', () => {
  it('writes each definition once and keeps the one every execution started with', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-defs-')), 'db.sqlite');
    const first = open(file);
    first.engine.createStateMachine({ name: 'm', definition: passing('one') });
    const start = async () => {
      const { executionArn } = first.engine.startExecution({ stateMachineArn: 'm' });
      expect((await first.engine.waitFor(executionArn)).status).toBe('SUCCEEDED');
      return executionArn;
    };
    const a = await start();
    const b = await start();
    first.engine.updateStateMachine({ stateMachineArn: 'm', definition: passing('two') });
    const c = await start();
    await first.engine.close();
    first.db.close();

    const second = open(file);
    const count = second.db.prepare('SELECT COUNT(*) AS n FROM sfn_definitions').get() as {
      n: number;
    };
    expect(count.n).toBe(2);
    const copies = second.db
      .prepare("SELECT COUNT(*) AS n FROM sfn_executions WHERE record LIKE '%StartAt%'")
      .get() as { n: number };
    expect(copies.n).toBe(0);
    const ran = (arn: string) => second.engine.describeStateMachineForExecution(arn);
    expect([a, b, c].map((arn) => ran(arn).executionDefinition)).toEqual([
      passing('one'),
      passing('one'),
      passing('two'),
    ]);
    expect(ran(a).definition).toBe(passing('two'));
    expect(second.engine.describeExecution(a).output).toBe('"one"');
    await second.engine.close();
    second.db.close();
  });

  it('opens a database whose execution rows hold their definition, and resumes them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-defs-')), 'db.sqlite');
    const old = openDatabase(file);
    migrate(old, 'stepfunctions', MIGRATIONS.slice(0, 1));
    const machineArn = `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:m`;
    const executionArn = `arn:aws:states:${scope.region}:${scope.accountId}:execution:m:old`;
    const machine = {
      arn: machineArn,
      name: 'm',
      type: 'STANDARD',
      definition: passing('updated since'),
      roleArn: 'arn:aws:iam::123456789012:role/r',
      creationDate: 1,
      revisionId: 'r2',
    };
    const execution = {
      arn: executionArn,
      name: 'old',
      stateMachineArn: machineArn,
      definition: passing('as started'),
      type: 'STANDARD',
      roleArn: machine.roleArn,
      status: 'RUNNING',
      input: '{}',
      startDate: 1,
      redriveCount: 0,
    };
    old
      .prepare('INSERT INTO sfn_state_machines (arn, name, record) VALUES (?, ?, ?)')
      .run(machineArn, 'm', JSON.stringify(machine));
    old
      .prepare(
        'INSERT INTO sfn_executions (arn, state_machine_arn, status, start_date, record) VALUES (?, ?, ?, ?, ?)',
      )
      .run(executionArn, machineArn, 'RUNNING', 1, JSON.stringify(execution));
    old.close();

    const reopened = open(file);
    expect(reopened.engine.recover()).toBe(1);
    const final = await reopened.engine.waitFor(executionArn);
    expect(final.status).toBe('SUCCEEDED');
    expect(final.output).toBe('"as started"');
    expect(reopened.engine.describeStateMachineForExecution(executionArn).executionDefinition).toBe(
      passing('as started'),
    );
    await reopened.engine.close();
    reopened.db.close();
  });
});
