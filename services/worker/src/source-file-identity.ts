import { createHash } from 'node:crypto';

/**
 * A stable id for a configured source file: the anchor plus a hash of its path. Reloading
 * the same path (changed or not) replaces that file's rows; the content hash is recorded
 * beside it so an unchanged file can be recognised.
 */
export function sourceFileId(anchorId: string, displayPath: string): string {
  const digest = createHash('sha256').update(`${anchorId}\0${displayPath}`).digest('hex').slice(0, 16);
  return `${anchorId}-${digest}`;
}
