#!/usr/bin/env node
// The `lcz` command. Runs the TypeScript sources through tsx, so the CLI never depends on a stale build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
