#!/usr/bin/env node
// Runs the TypeScript API through tsx's loader (packages ship TypeScript source).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();
