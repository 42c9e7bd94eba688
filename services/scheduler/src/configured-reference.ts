import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '@cwb/config';
import { buildReference, currentReferencePath, type BuildProgress } from '@cwb/reference';

/** Where the fingerprint of the config's `reference:` files is kept, beside `current.json`. */
const FINGERPRINT_FILE = 'configured-inputs.json';

export type ReferenceState =
  /** A reference was built from the config's files now (none yet, or the files changed). */
  | 'built'
  /** The current reference was built from exactly the configured files: reused. */
  | 'current'
  /** A reference loaded by hand (`cwb reference load`) and the config lists no files, or is kept because no fingerprint says it came from the config. */
  | 'loaded'
  /** No reference and none configured: every supplier location is unknown unless matched to a register. */
  | 'none';

export interface ConfiguredReference {
  path: string | null;
  state: ReferenceState;
}

/** The files of the config's `reference:` section, absolute, in a stable order. */
function configuredFiles(loaded: LoadedConfig): string[] {
  const ref = loaded.config.reference;
  const at = (p: string) => resolve(loaded.configDir, p);
  return [...ref.postcodes.map(at), ...(ref.imd_england ? [at(ref.imd_england)] : []), ...(ref.wimd ? [at(ref.wimd)] : []), ...ref.areas.map(at)];
}

/** Path, size and modification time of each configured file: cheap, and changes whenever a file is replaced. */
function fingerprint(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) throw new Error(`reference: ${file} does not exist; correct the path in the config's reference: section (paths are relative to the config file)`);
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/**
 * The postcode reference a refresh of this config reads, built from the config's `reference:`
 * files when there is none yet or when those files changed since it was built (a fingerprint
 * of their paths, sizes and times is kept beside `current.json`). A reference loaded by hand
 * with `cwb reference load` (no fingerprint) is kept; `rebuild` forces a build. Every path that
 * enqueues a refresh (`cwb run`, `cwb refresh`, `cwb ingest`, the scheduler) calls this first,
 * so none of them leaves a configured reference unbuilt.
 */
export async function ensureConfiguredReference(
  loaded: LoadedConfig,
  options: { rebuild?: boolean; onProgress?: (p: BuildProgress) => void } = {},
): Promise<ConfiguredReference> {
  const dir = loaded.paths.referenceDir;
  const existing = currentReferencePath(dir);
  const files = configuredFiles(loaded);
  if (files.length === 0) return { path: existing, state: existing ? 'loaded' : 'none' };
  const wanted = fingerprint(files);
  const fingerprintPath = join(dir, FINGERPRINT_FILE);
  const recorded = existsSync(fingerprintPath) ? (JSON.parse(readFileSync(fingerprintPath, 'utf8')) as { fingerprint?: string }).fingerprint : undefined;
  if (existing && !options.rebuild) {
    if (recorded === wanted) return { path: existing, state: 'current' };
    if (recorded === undefined) return { path: existing, state: 'loaded' };
  }
  const ref = loaded.config.reference;
  const at = (p: string) => resolve(loaded.configDir, p);
  const built = await buildReference({
    outDir: dir,
    postcodeFiles: ref.postcodes.map(at),
    ...(ref.imd_england ? { imdEnglandFile: at(ref.imd_england) } : {}),
    ...(ref.wimd ? { wimdFile: at(ref.wimd) } : {}),
    ...(ref.areas.length ? { areaFiles: ref.areas.map(at) } : {}),
    // A config that lists only some kinds keeps the others from a reference loaded by hand.
    inheritFromCurrent: existing !== null,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(fingerprintPath, `${JSON.stringify({ fingerprint: wanted, files, built: built.path }, null, 2)}\n`);
  return { path: built.path, state: 'built' };
}
