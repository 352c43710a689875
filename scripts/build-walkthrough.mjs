#!/usr/bin/env node
// Builds the walkthrough and tears it down, nothing else: the process the no-exec test traces.
import { buildWalkthrough, teardownWalkthrough, walkthroughNames } from '../dist/demo/walkthrough.js';

const names = walkthroughNames(process.argv[2] ?? `${process.pid}-trace`);
try {
  await buildWalkthrough(names, { nat: !process.argv.includes('--no-nat') });
} finally {
  await teardownWalkthrough(names);
}
