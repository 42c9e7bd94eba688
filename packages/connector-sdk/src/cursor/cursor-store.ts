import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fileCursorSchema, type FileCursor } from './file-cursor';

/** Where file cursors are kept between runs. The pipeline may keep them in its own store. */
export interface CursorStore {
  get(key: string): Promise<FileCursor | null>;
  set(cursor: FileCursor): Promise<void>;
}

/** Cursors in memory, for one process (tests, dry runs). */
export class MemoryCursorStore implements CursorStore {
  private readonly cursors = new Map<string, FileCursor>();
  async get(key: string): Promise<FileCursor | null> {
    return this.cursors.get(key) ?? null;
  }
  async set(cursor: FileCursor): Promise<void> {
    this.cursors.set(cursor.key, fileCursorSchema.parse(cursor));
  }
}

const cursorFileSchema = z.object({ version: z.literal(1), cursors: z.record(z.string(), fileCursorSchema) });

/** Cursors in one JSON file, written atomically (write to a temp file, then rename). */
export class JsonFileCursorStore implements CursorStore {
  constructor(private readonly path: string) {}

  async get(key: string): Promise<FileCursor | null> {
    return (await this.load()).cursors[key] ?? null;
  }

  async set(cursor: FileCursor): Promise<void> {
    const state = await this.load();
    state.cursors[cursor.key] = fileCursorSchema.parse(cursor);
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state, null, 2));
    await rename(temporary, this.path);
  }

  private async load(): Promise<z.infer<typeof cursorFileSchema>> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return { version: 1, cursors: {} };
    const parsed = cursorFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`${this.path}: not a cursor file (${parsed.error.issues[0]?.message}); delete it to re-read every file`);
    }
    return parsed.data;
  }
}
