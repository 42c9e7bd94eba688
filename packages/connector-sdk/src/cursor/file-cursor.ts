import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { fileStateSchema, type FileState } from '@cwb/contracts';

/** A connector's cursor: the file state (@cwb/contracts) of what was last read from a file. */
export const fileCursorSchema = fileStateSchema.extend({
  key: z.string().min(1).describe('The file as configured (display path or URL)'),
  read_at: z.string(),
});
export type FileCursor = z.infer<typeof fileCursorSchema>;

/** Streams the file through SHA-256 (constant memory). */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type CursorDecision<C extends FileState = FileState> =
  /** `cursor` is the cursor to keep (its modified time updated when only that changed: `touched`). */
  | { kind: 'unchanged'; cursor: C; touched: boolean; why: string }
  | { kind: 'changed'; content_sha256: string; why: string };

/**
 * Whether a file must be read: the one rule for every cursor (the pipeline's in Redis, a
 * connector's own). Same size and modified time as the cursor: unchanged without hashing.
 * Otherwise the content hash decides (a touched but identical file is not re-read).
 */
export async function decideByCursor<C extends FileState>(file: { path: string; size: number; mtime_ms: number }, cursor: C | null | undefined): Promise<CursorDecision<C>> {
  if (cursor && cursor.size === file.size && cursor.mtime_ms === file.mtime_ms) {
    return { kind: 'unchanged', cursor, touched: false, why: 'same size and modified time as the last read' };
  }
  const content_sha256 = await hashFile(file.path);
  if (cursor && cursor.content_sha256 === content_sha256) {
    return { kind: 'unchanged', cursor: { ...cursor, mtime_ms: file.mtime_ms }, touched: true, why: 'modified time changed but the content hash is the same' };
  }
  return { kind: 'changed', content_sha256, why: cursor ? 'content changed since the last read' : 'never read' };
}
