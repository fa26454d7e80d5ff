import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernels, moduleSource } from '../../scripts/simd-module.js';

describe('src/ml/simd/module.ts', () => {
  it('is kernels.wat as compiled now (run `npm run build:simd` after editing the .wat file)', async () => {
    const committed = readFileSync(new URL('../../src/ml/simd/module.ts', import.meta.url), 'utf8');
    expect(committed).toBe(moduleSource(await compileKernels()));
  });
});
