import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { DiscoveredFile } from '../connector';

/** What was last read from a file: its content hash and modification time. */
export const fileCursorSchema = z.object({
  key: z.string().min(1).describe('The file as configured (display path or URL)'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mtime_ms: z.number(),
  read_at: z.string(),
});
export type FileCursor = z.infer<typeof fileCursorSchema>;

/** Streams the file through SHA-256 (constant memory). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type CursorDecision =
  | { kind: 'unchanged'; cursor: FileCursor; why: string }
  | { kind: 'changed'; sha256: string; why: string };

/**
 * Whether a discovered file must be read. Same size and mtime as the cursor: unchanged without
 * hashing. Otherwise the content hash decides (a touched but identical file is not re-read).
 */
export async function decideByCursor(file: DiscoveredFile, cursor: FileCursor | null): Promise<CursorDecision> {
  if (cursor && cursor.size === file.size && cursor.mtime_ms === file.mtime_ms) {
    return { kind: 'unchanged', cursor, why: 'same size and modified time as the last read' };
  }
  const sha256 = await hashFile(file.path);
  if (cursor && cursor.sha256 === sha256) {
    return { kind: 'unchanged', cursor: { ...cursor, mtime_ms: file.mtime_ms }, why: 'modified time changed but the content hash is the same' };
  }
  return { kind: 'changed', sha256, why: cursor ? 'content changed since the last read' : 'never read' };
}
