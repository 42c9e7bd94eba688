#!/usr/bin/env node
// The cwb CLI. Packages ship TypeScript source, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv);
