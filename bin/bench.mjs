#!/usr/bin/env node
// `npm run bench`: the benchmark suite (tests/bench/run.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../tests/bench/run.ts');
