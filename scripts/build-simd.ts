/**
 * Compiles src/ml/simd/kernels.wat into src/ml/simd/module.ts (the module's
 * bytes in base64), so the product needs no WebAssembly toolchain at run time.
 * Run with `npm run build:simd` after changing the .wat file; a test checks
 * the two agree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileKernels, moduleSource } from './simd-module.js';

const target = fileURLToPath(new URL('../src/ml/simd/module.ts', import.meta.url));
const bytes = await compileKernels();
writeFileSync(target, moduleSource(bytes));
console.log(`wrote ${target} (${bytes.length} bytes of WebAssembly)`);
