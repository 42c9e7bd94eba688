import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diskFullError, isDiskFull } from '@cwb/queue';
import { NdjsonWriter } from './ndjson-writer';

// A full disk must fail the write at once, named, not hang on a 'drain' that never comes.
// /dev/full answers every write with ENOSPC (Linux), the same error a full filesystem gives.

describe('NdjsonWriter on a full disk', () => {
  it('throws ENOSPC from write or close instead of waiting, and the job error names the file and the fix', async () => {
    const writer = new NdjsonWriter('/dev/full');
    // a small write is buffered (write returns true): the ENOSPC arrives later, with nobody
    // awaiting, which must neither crash the process nor be lost
    const failure = await (async () => {
      await writer.write([{ i: 1 }]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writer.write([{ i: 2 }]);
      await writer.close();
    })().then(() => null, (error: unknown) => error);
    expect(isDiskFull(failure)).toBe(true);
    expect(diskFullError(failure).message).toMatch(/^disk full: no space left writing \/dev\/full.*Fix: free space on that disk or set data_dir/);
  });

  it('recognises DuckDB\'s disk-full message and states the space left on that filesystem', () => {
    mkdirSync('/tmp/cwb-disk-full-check', { recursive: true });
    const duckdb = new Error('TransactionContext Error: Failed to commit: Could not write file "/tmp/cwb-disk-full-check/w.duckdb.wal": No space left on device');
    expect(isDiskFull(duckdb)).toBe(true);
    expect(diskFullError(duckdb).message).toMatch(/writing \/tmp\/cwb-disk-full-check\/w\.duckdb\.wal: [\d.]+ MB free of [\d.]+ MB/);
    expect(isDiskFull(new Error('connection refused'))).toBe(false);
  });
});
