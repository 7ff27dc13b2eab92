#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step for the server and the CLI).
import { register } from 'tsx/esm/api';

register();
const { main, RUNNING } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: the embedded database's exit hooks would otherwise replace a failing code with 0.
if (code !== RUNNING) process.exit(code);
