import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ReferenceInputError } from './reference-input-error';

/** `current.json` in a reference directory: which versioned database enrichers should open. */
export const referencePointerSchema = z
  .object({
    file: z.string().regex(/^reference-[A-Za-z0-9._-]+\.duckdb$/, 'a reference-<vintage>-<hash>.duckdb file name in the same directory'),
    vintage: z.string().min(1),
    built_at: z.string().datetime(),
    postcodes: z.number().int().nonnegative(),
  })
  .strict();
export type ReferencePointer = z.infer<typeof referencePointerSchema>;

export const POINTER_FILE = 'current.json';

/** Read and validate `outDir/current.json`; null when there is none yet. */
export function readReferencePointer(outDir: string): ReferencePointer | null {
  const file = join(resolve(outDir), POINTER_FILE);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReferenceInputError(`not valid JSON (${(error as Error).message})`, { file, hint: 'rebuild the reference with `cwb reference load`' });
  }
  const parsed = referencePointerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReferenceInputError(`invalid pointer: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`, {
      file,
      hint: 'rebuild the reference with `cwb reference load`',
    });
  }
  return parsed.data;
}

/** Absolute path of the current reference database in `outDir`, or null when none is built. */
export function currentReferencePath(outDir: string): string | null {
  const pointer = readReferencePointer(outDir);
  if (!pointer) return null;
  const path = join(resolve(outDir), pointer.file);
  if (!existsSync(path)) {
    throw new ReferenceInputError(`points at ${pointer.file}, which does not exist`, {
      file: join(resolve(outDir), POINTER_FILE),
      hint: 'rebuild the reference with `cwb reference load`; do not delete a version while it is current',
    });
  }
  return path;
}

/**
 * Point `outDir/current.json` at a new version atomically: write a temporary file in the same
 * directory, then rename it over the old pointer (rename is atomic on one file system). Readers
 * see the old pointer or the new one, never a partial file.
 */
export function writeReferencePointer(outDir: string, pointer: ReferencePointer): void {
  const valid = referencePointerSchema.parse(pointer);
  if (isAbsolute(valid.file)) throw new Error('pointer file must be a bare file name');
  const dir = resolve(outDir);
  const tmp = join(dir, `.${POINTER_FILE}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(tmp, join(dir, POINTER_FILE));
}
