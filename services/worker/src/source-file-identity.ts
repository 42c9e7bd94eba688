import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file's bytes, streamed (never the whole file in memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A stable id for a configured source file: the anchor plus a hash of its path. Reloading
 * the same path (changed or not) replaces that file's rows; the content hash is recorded
 * beside it so an unchanged file can be recognised.
 */
export function sourceFileId(anchorId: string, displayPath: string): string {
  const digest = createHash('sha256').update(`${anchorId}\0${displayPath}`).digest('hex').slice(0, 16);
  return `${anchorId}-${digest}`;
}
