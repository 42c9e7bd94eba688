import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A mapping file of some record kind (land assets, grants …) that is not valid YAML or does not match its schema. */
export class KindMappingFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    what: string,
  ) {
    super(`${file}: invalid ${what}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KindMappingFileError';
  }
}

/** Parses and validates one mapping file's YAML text with its kind's schema; `what` names the kind in errors ("land register mapping"). */
export function parseKindMapping<T>(schema: z.ZodType<T, any>, text: string, file: string, what: string): T {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new KindMappingFileError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`], what);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new KindMappingFileError(file, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`), what);
  }
  return parsed.data;
}

/** Every `*.yaml`/`*.yml` mapping of one kind in a folder, sorted by file name; two with one name are an error. */
export async function loadKindMappingFolder<T extends { name: string }>(schema: z.ZodType<T, any>, dir: string, what: string): Promise<T[]> {
  const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const mappings: T[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const mapping = parseKindMapping(schema, await readFile(join(dir, name), 'utf8'), join(dir, name), what);
    const previous = seen.get(mapping.name);
    if (previous) throw new KindMappingFileError(join(dir, name), [`name "${mapping.name}" is also used by ${previous}`], what);
    seen.set(mapping.name, name);
    mappings.push(mapping);
  }
  return mappings;
}
