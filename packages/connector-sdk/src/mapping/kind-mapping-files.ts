import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fitMapping, type FittableMapping, type MappingFit } from './mapping-fit';

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

/** A mapping field's header aliases: one header or a list, always read as a list. */
export const headerAliasesSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

/** A refinement every kind's mapping schema runs: each required field has column aliases. */
export function requireMappedFields(mapping: { required: readonly string[]; columns: Partial<Record<string, unknown>> }, ctx: z.RefinementCtx): void {
  for (const field of mapping.required) {
    if (!mapping.columns[field]) ctx.addIssue({ code: 'custom', path: ['required'], message: `required field "${field}" has no column aliases` });
  }
}

/** The parse, folder-load and header-fit functions of one record kind's mappings (`what` names the kind in errors). */
export function kindMappingFunctions<M extends FittableMapping<Field> & { name: string }, Field extends string>(schema: z.ZodType<M, any>, what: string) {
  return {
    parse: (text: string, file: string): M => parseKindMapping(schema, text, file, what),
    loadFolder: (dir: string): Promise<M[]> => loadKindMappingFolder(schema, dir, what),
    fit: (mapping: M, header: readonly string[]): MappingFit<M, Field> => fitMapping<M, Field>(mapping, header),
  };
}
