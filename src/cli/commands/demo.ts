import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import { championExample, championExampleInput } from '../../pipelines/index.js';
import { println, table } from '../output.js';

/**
 * `modelmill demo`: the main job. Until the DAPM pipeline lands it runs the
 * shipped champion-selection example durably under MODELMILL_HOME and prints
 * its result and history.
 */
export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run the shipped example end to end on embedded defaults')
    .action(async () => {
      const mm = await createModelmill();
      try {
        const definition = JSON.stringify(championExample);
        const name = 'modelmill-demo-champions';
        const existing = mm.engine.listStateMachines().items.find((m) => m.name === name);
        if (existing) mm.engine.updateStateMachine({ stateMachineArn: existing.arn, definition });
        else mm.engine.createStateMachine({ name, definition });
        println(
          'modelmill demo: the DAPM pipeline demo is not built yet; running the shipped champion-selection state machine instead.',
        );
        const { executionArn } = mm.engine.startExecution({
          stateMachineArn: name,
          input: JSON.stringify(championExampleInput),
        });
        const final = await mm.engine.waitFor(executionArn);
        const events = mm.engine.getExecutionHistory({ executionArn, maxResults: 10_000 }).items;
        println(`execution ${executionArn}: ${final.status} after ${events.length} history events`);
        if (final.status !== 'SUCCEEDED') {
          println(`error: ${final.error ?? ''} ${final.cause ?? ''}`);
          setExit(1);
          return;
        }
        const output = JSON.parse(final.output ?? '{}') as {
          partitions: number;
          champions: string[];
        };
        const rows = championExampleInput.partitions.map((p, i) => [p.name, output.champions[i]]);
        println(table(['PARTITION', 'CHAMPION'], rows));
        println(`\ninspect it: modelmill history ${executionArn}`);
      } finally {
        await mm.close();
      }
    });
}
