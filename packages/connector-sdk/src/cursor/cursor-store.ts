import { fileCursorSchema, type FileCursor } from './file-cursor';

/**
 * Where a connector's file cursors are kept between reads. The pipeline keeps its own in
 * Redis (@cwb/queue file-cursors), shared by every worker, decided by the same rule.
 */
export interface CursorStore {
  get(key: string): Promise<FileCursor | null>;
  set(cursor: FileCursor): Promise<void>;
}

/** Cursors in memory, for one process (the conformance kit, tests, dry runs). */
export class MemoryCursorStore implements CursorStore {
  private readonly cursors = new Map<string, FileCursor>();
  async get(key: string): Promise<FileCursor | null> {
    return this.cursors.get(key) ?? null;
  }
  async set(cursor: FileCursor): Promise<void> {
    this.cursors.set(cursor.key, fileCursorSchema.parse(cursor));
  }
}
