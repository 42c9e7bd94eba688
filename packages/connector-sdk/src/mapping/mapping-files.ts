import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { mappingSchema, type Mapping } from './mapping-schema';

/** A mapping file that is not valid YAML or does not match the mapping schema. */
export class MappingFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid mapping:\n  - ${problems.join('\n  - ')}\nSee ADDING-A-CONNECTOR.md for the mapping format.`);
    this.name = 'MappingFileError';
  }
}

/** Validates one mapping (already parsed from YAML or JSON); `origin` names it in errors. */
export function parseMapping(value: unknown, origin: string): Mapping {
  const result = mappingSchema.safeParse(value);
  if (!result.success) {
    throw new MappingFileError(
      origin,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

export async function loadMappingFile(path: string): Promise<Mapping> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new MappingFileError(path, [`not valid YAML: ${(error as Error).message}`]);
  }
  return parseMapping(value, path);
}

/** Every `*.yaml`/`*.yml` mapping in a folder, sorted by name; duplicate names are an error. */
export async function loadMappingFolder(folder: string): Promise<Mapping[]> {
  const names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const mappings = await Promise.all(names.map((name) => loadMappingFile(join(folder, name))));
  const seen = new Map<string, string>();
  mappings.forEach((mapping, index) => {
    const previous = seen.get(mapping.name);
    if (previous) throw new MappingFileError(join(folder, names[index] ?? ''), [`name "${mapping.name}" is also used by ${previous}`]);
    seen.set(mapping.name, names[index] ?? '');
  });
  return mappings;
}

