#!/usr/bin/env node
// The `parley` command. The CLI is TypeScript (src/cli/main.ts); tsx's loader runs it without a build step.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
