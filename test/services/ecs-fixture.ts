import { join } from 'node:path';
import { createLocalEcr } from '../../src/services/ecr/index.js';
import type { LocalImageRegistry } from '../../src/services/ecr/index.js';
import { createLocalEcs } from '../../src/services/ecs/index.js';
import type { LocalEcs, LocalEcsOptions, Task } from '../../src/services/ecs/index.js';
import { ecsPrograms } from './ecs-programs.js';
import type { RuntimeFixture } from './glue-fixture.js';
import { createRuntimeFixture, scope } from './glue-fixture.js';

/** An embedded ECS on a real runtime and image registry, for tests. */

/** Image URIs the fixture registers, each to a program. */
export const images = {
  noop: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/noop:1',
  fail: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/fail:1',
  slow: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/slow:1',
  show: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/show:1',
  callback: '123456789012.dkr.ecr.ap-south-1.amazonaws.com/callback:1',
  gata: '123456789012.dkr.ecr.us-east-1.amazonaws.com/gata-data-prep:1.2.3',
};

const programs: Record<keyof typeof images, string> = {
  noop: 't-noop',
  fail: 't-fail',
  slow: 't-slow',
  show: 'ecs-show',
  callback: 'ecs-callback',
  gata: 'gata-prep',
};

/** What an ECS fixture holds. */
export interface EcsFixture {
  fixture: RuntimeFixture;
  ecr: LocalImageRegistry;
  ecs: LocalEcs;
  /** Every state change the hook saw, as `<task id> <lastStatus>`. */
  changes: string[];
  close(): Promise<void>;
}

/** Builds an embedded ECS (started) over a runtime fixture (a new one unless given). */
export async function createEcsFixture(
  options: { fixture?: RuntimeFixture } & Partial<LocalEcsOptions> = {},
): Promise<EcsFixture> {
  const fixture = options.fixture ?? createRuntimeFixture();
  for (const program of ecsPrograms) fixture.runtime.programs.register(program);
  const ecr = createLocalEcr({ db: fixture.db, scope });
  for (const [name, uri] of Object.entries(images)) {
    await ecr.registerImage({ imageUri: uri, program: programs[name as keyof typeof images] });
  }
  const changes: string[] = [];
  const ecs = createLocalEcs({
    db: fixture.db,
    scope,
    runtime: fixture.runtime,
    images: ecr,
    workDir: join(fixture.work, 'ecs'),
    onTaskStateChange: (task: Task) =>
      changes.push(`${task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1)} ${task.lastStatus}`),
    ...options,
  });
  ecs.start();
  return {
    fixture,
    ecr,
    ecs,
    changes,
    async close() {
      await ecs.stop();
      await fixture.close();
    },
  };
}
