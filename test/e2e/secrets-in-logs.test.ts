import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { makeWorkspace, runCwb } from './ops-fixtures';

// Issue 22, security: no secret (the hash key, the API token) in what the commands print or
// log, even at the most verbose log level, through a real payments and HR ingest.

const hrFixture = fileURLToPath(new URL('../../packages/connectors/hr-extract/test/fixtures/sunderland-staff-in-post-2025-03.csv', import.meta.url));
const HASH_KEY = 'secret-hash-key-do-not-print-0123456789abcdef';
const API_TOKEN = 'secret-api-token-do-not-print-0123456789';

describe('secrets in logs', () => {
  it('neither the hash key nor the API token appears in any output, at LOG_LEVEL=trace', async () => {
    const ws = await makeWorkspace([{ anchor: 'north-council', name: 'april.csv', rows: 300 }]);
    onTestFinished(() => rm(ws.dir, { recursive: true, force: true }));
    const env = { REDIS_URL: inject('redisUrl'), LOG_LEVEL: 'trace', CWB_HASH_KEY: HASH_KEY, CWB_API_TOKEN: API_TOKEN };
    const payments = await runCwb(ws.dir, ['run', '--config', ws.configPath], env);
    expect(payments.code, payments.stderr).toBe(0);
    const hr = await runCwb(ws.dir, ['ingest', '--config', ws.configPath, '--kind', 'hr', '--anchor', 'north-council', hrFixture], env);
    expect(hr.code, hr.stderr).toBe(0);
    const output = [payments.stdout, payments.stderr, hr.stdout, hr.stderr].join('\n');
    // the logs were really written (trace level reaches the workers' job lines)
    expect(output).toMatch(/"level":(10|20|30)/);
    expect(output).not.toContain(HASH_KEY);
    expect(output).not.toContain(API_TOKEN);
  });
});
