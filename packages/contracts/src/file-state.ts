import { z } from 'zod';

/**
 * What identifies a file's content between runs: its SHA-256 and, so that an untouched file
 * is recognised without reading it, its size and modified time. Every file cursor (the
 * pipeline's in Redis, a connector's in memory) extends this; the one rule that decides
 * whether a file must be read again is the connector SDK's `decideByCursor`.
 */
export const fileStateSchema = z.object({
  content_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mtime_ms: z.number(),
});
export type FileState = z.infer<typeof fileStateSchema>;
