/** The state machines the engine benchmark runs, on both engines. */

/** A Pass/Choice loop: `iterations` rounds of increment + test (2 transitions each). */
export function loopMachine(iterations: number) {
  return {
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Parameters: { i: 0 }, Next: 'Inc' },
        Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Test' },
        Test: {
          Type: 'Choice',
          Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Inc' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    transitions: 2 + 2 * iterations,
  };
}

/** An inline Map over `items` items, each a Pass that reshapes the item. */
export function mapMachine(items: number) {
  return {
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 0,
          Iterator: {
            StartAt: 'Shape',
            States: {
              Shape: { Type: 'Pass', Parameters: { 'id.$': '$.id', ok: true }, End: true },
            },
          },
          End: true,
        },
      },
    },
    input: { items: Array.from({ length: items }, (_, id) => ({ id })) },
    transitions: 1 + items,
  };
}

/** A Parallel fan-out of `branches` branches, each a chain of `depth` Pass states. */
export function parallelMachine(branches: number, depth: number) {
  // State names must be unique across the whole machine, branches included.
  const branch = (_: unknown, b: number) => {
    const states: Record<string, unknown> = {};
    for (let d = 0; d < depth; d += 1) {
      states[`B${b}S${d}`] =
        d === depth - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `B${b}S${d + 1}` };
    }
    return { StartAt: `B${b}S0`, States: states };
  };
  return {
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Parallel', Branches: Array.from({ length: branches }, branch), End: true },
      },
    },
    input: { x: 1 },
    transitions: 1 + branches * depth,
  };
}
