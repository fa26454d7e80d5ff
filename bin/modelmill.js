#!/usr/bin/env node
// Entry point of the `modelmill` command: runs the compiled CLI (built by `npm ci` / `npm run build`).
import { main } from '../dist/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
