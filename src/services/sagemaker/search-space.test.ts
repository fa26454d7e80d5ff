import { describe, expect, it } from 'vitest';
import { createRandom } from '../../ml/index.js';
import { proposeBayesian } from './bayesian.js';
import type { Observation } from './bayesian.js';
import type { Point } from './search-space.js';
import {
  compileSearchSpace,
  fromUnit,
  gridPoint,
  gridSize,
  pointKey,
  randomPoint,
  toUnit,
} from './search-space.js';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('search space', () => {
  it('maps values through Linear, Logarithmic and ReverseLogarithmic scaling and back', () => {
    const [lin, log, rev, int] = compileSearchSpace(
      {
        ContinuousParameterRanges: [
          { Name: 'a', MinValue: '0', MaxValue: '10', ScalingType: 'Auto' },
          { Name: 'b', MinValue: '0.001', MaxValue: '1', ScalingType: 'Logarithmic' },
          { Name: 'c', MinValue: '0.9', MaxValue: '0.999', ScalingType: 'ReverseLogarithmic' },
        ],
        IntegerParameterRanges: [
          { Name: 'd', MinValue: '1', MaxValue: '100', ScalingType: 'Logarithmic' },
        ],
      },
      'Random',
    );
    expect(fromUnit(lin!, 0.25)).toBe('2.5');
    expect(Number(fromUnit(log!, 0.5))).toBeCloseTo(Math.sqrt(0.001), 10);
    expect(Number(fromUnit(rev!, 0))).toBeCloseTo(0.9, 10);
    expect(Number(fromUnit(rev!, 1))).toBeCloseTo(0.999, 10);
    expect(Number(fromUnit(rev!, 0.5))).toBeCloseTo(1 - Math.sqrt(0.1 * 0.001), 10);
    expect(fromUnit(int!, 0.5)).toBe('10');
    for (const p of [lin!, log!, rev!]) expect(toUnit(p, fromUnit(p, 0.3))).toBeCloseTo(0.3, 10);
  });

  it('refuses bad ranges with what to change', () => {
    expect(
      message(() =>
        compileSearchSpace(
          {
            ContinuousParameterRanges: [
              { Name: 'x', MinValue: '0', MaxValue: '1', ScalingType: 'Logarithmic' },
            ],
          },
          'Random',
        ),
      ),
    ).toMatch(/Logarithmic scaling needs MinValue greater than 0/);
    expect(
      message(() =>
        compileSearchSpace(
          { IntegerParameterRanges: [{ Name: 'x', MinValue: '1.5', MaxValue: '3' }] },
          'Random',
        ),
      ),
    ).toMatch(/must be integers/);
    expect(
      message(() =>
        compileSearchSpace(
          { ContinuousParameterRanges: [{ Name: 'x', MinValue: '5', MaxValue: '1' }] },
          'Random',
        ),
      ),
    ).toMatch(/MinValue 5 must not exceed MaxValue 1/);
    expect(
      message(() =>
        compileSearchSpace(
          { ContinuousParameterRanges: [{ Name: 'x', MinValue: '0', MaxValue: '1' }] },
          'Grid',
        ),
      ),
    ).toMatch(/Grid strategy searches categorical parameter ranges only/);
    expect(
      message(() =>
        compileSearchSpace(
          {
            ContinuousParameterRanges: [{ Name: 'x', MinValue: '0', MaxValue: '1' }],
            CategoricalParameterRanges: [{ Name: 'x', Values: ['a'] }],
          },
          'Random',
        ),
      ),
    ).toMatch(/'x' appears in more than one parameter range/);
  });

  it('enumerates the grid, last range fastest', () => {
    const params = compileSearchSpace(
      {
        CategoricalParameterRanges: [
          { Name: 'a', Values: ['1', '2'] },
          { Name: 'b', Values: ['x', 'y', 'z'] },
        ],
      },
      'Grid',
    );
    expect(gridSize(params)).toBe(6);
    expect(
      Array.from({ length: 6 }, (_, i) => `${gridPoint(params, i).a}${gridPoint(params, i).b}`),
    ).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
  });

  it('draws random points inside the ranges, the same for the same seed', () => {
    const params = compileSearchSpace(
      {
        IntegerParameterRanges: [{ Name: 'depth', MinValue: '2', MaxValue: '8' }],
        CategoricalParameterRanges: [{ Name: 'k', Values: ['a', 'b'] }],
      },
      'Random',
    );
    const draw = (seed: number) =>
      Array.from({ length: 20 }, () => randomPoint(params, createRandom(seed)));
    const points = Array.from({ length: 50 }, (_, i) => randomPoint(params, createRandom(i)));
    for (const p of points) {
      expect(Number(p.depth)).toBeGreaterThanOrEqual(2);
      expect(Number(p.depth)).toBeLessThanOrEqual(8);
      expect(['a', 'b']).toContain(p.k);
    }
    expect(new Set(points.map(pointKey)).size).toBeGreaterThan(5);
    expect(draw(3)).toEqual(draw(3));
  });
});

describe('Bayesian proposals', () => {
  // A smooth objective with its maximum at x = 0.73, y = 0.2 (unit scale).
  const objective = (p: Point) => -((Number(p.x) - 0.73) ** 2) - (Number(p.y) - 0.2) ** 2;
  const params = compileSearchSpace(
    {
      ContinuousParameterRanges: [
        { Name: 'x', MinValue: '0', MaxValue: '1' },
        { Name: 'y', MinValue: '0', MaxValue: '1' },
      ],
    },
    'Bayesian',
  );

  function search(propose: (obs: Observation[], i: number) => Point, rounds: number): number {
    const obs: Observation[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const point = propose(obs, i);
      obs.push({ point, value: objective(point) });
    }
    return Math.max(...obs.map((o) => o.value));
  }

  it('finds a better optimum than random search with the same budget', () => {
    let bayesWins = 0;
    for (let seed = 0; seed < 5; seed += 1) {
      const bayes = search(
        (obs, i) => proposeBayesian(params, obs, [], createRandom(seed * 100 + i)),
        12,
      );
      const random = search((_obs, i) => randomPoint(params, createRandom(seed * 100 + i)), 12);
      if (bayes >= random) bayesWins += 1;
      expect(bayes).toBeGreaterThan(-0.01);
    }
    expect(bayesWins).toBeGreaterThanOrEqual(4);
  });

  it('is deterministic and avoids points already tried or pending', () => {
    const obs: Observation[] = [
      { point: { x: '0.1', y: '0.1' }, value: -0.5 },
      { point: { x: '0.9', y: '0.9' }, value: -0.4 },
      { point: { x: '0.5', y: '0.5' }, value: -0.2 },
    ];
    const pending = [{ x: '0.6', y: '0.3' }];
    const a = proposeBayesian(params, obs, pending, createRandom(9));
    const b = proposeBayesian(params, obs, pending, createRandom(9));
    expect(a).toEqual(b);
    expect([...obs.map((o) => pointKey(o.point)), pointKey(pending[0]!)]).not.toContain(
      pointKey(a),
    );
  });
});
