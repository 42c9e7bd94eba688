import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '@cwb/config';
import { refreshJobSchema, type Anchor, type FileSource, type RefreshJob } from '@cwb/contracts';
import { OverridesFileError, parseOverrides } from '@cwb/matching';
import { currentReferencePath } from '@cwb/reference';

/** A run id that sorts by time and is safe in job ids and file names. */
export function newRunId(now = new Date()): string {
  return `run-${stamp(now)}-${randomBytes(3).toString('hex')}`;
}

/**
 * The run id of a scheduled slot: the same on every scheduler replica that fires it
 * (the fire time in UTC and the schedule's name), so the refresh job id is too.
 */
export function scheduledRunId(scheduleName: string, fireTime: Date): string {
  return `run-${stamp(fireTime)}-${scheduleName}`;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

export interface RefreshPayloadOptions {
  anchorIds?: string[];
  runId?: string;
  sources?: FileSource[];
}

/**
 * The refresh job for a config. Every configured anchor goes into the payload (the
 * warehouse's dim_anchors is rebuilt from it), but only the named anchors' sources are
 * read; `sources` replaces those anchors' configured sources (how `cwb ingest` loads one file).
 */
export function refreshPayload(loaded: LoadedConfig, options: RefreshPayloadOptions = {}): RefreshJob {
  const configured = loaded.config.anchors;
  const wanted = options.anchorIds?.length ? new Set(options.anchorIds) : null;
  if (wanted) {
    const unknown = [...wanted].filter((id) => !configured.some((a) => a.id === id));
    if (unknown.length) {
      throw new Error(`unknown anchor ${unknown.map((u) => `"${u}"`).join(', ')}; configured anchors: ${configured.map((a) => a.id).join(', ')}`);
    }
  }
  const anchors: Anchor[] = configured.map((anchor) => {
    if (wanted && !wanted.has(anchor.id)) return { ...anchor, sources: [] };
    return options.sources ? { ...anchor, sources: options.sources } : anchor;
  });
  // Parsed, so the contract's defaults apply and a payload that would fail the worker fails here.
  return refreshJobSchema.parse({
    run_id: options.runId ?? newRunId(),
    anchors,
    partnerships: loaded.config.partnerships,
    indicators: {
      ...loaded.config.indicators,
      ...(loaded.config.indicators.respend_rates ? { respend_rates: resolve(loaded.configDir, loaded.config.indicators.respend_rates) } : {}),
    },
    config_dir: loaded.configDir,
    staging_dir: loaded.paths.stagingDir,
    warehouse_path: loaded.paths.warehousePath,
    snapshot_path: loaded.paths.snapshotPath,
    reference_path: currentReferencePath(loaded.paths.referenceDir),
    registers_path: registersPath(loaded),
    overrides_path: overridesPath(loaded),
  });
}

/**
 * The supplier-matching overrides file (`reference.supplier_overrides`), validated here so that
 * a missing or invalid file fails the refresh before anything is enqueued, with its file:line.
 * The enrich stage reads it again (and hashes its content into the match cache's version).
 */
function overridesPath(loaded: LoadedConfig): string | null {
  const configured = loaded.config.reference.supplier_overrides;
  const path = loaded.paths.supplierOverridesPath ?? (configured ? resolve(loaded.configDir, configured) : null);
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OverridesFileError(
      path,
      null,
      `reference.supplier_overrides: ${code === 'ENOENT' ? 'the file does not exist' : `cannot read the file (${code ?? String(error)})`}`,
      'create it (see "Overrides file" in packages/matching/README.md), correct the path, or remove the setting',
    );
  }
  parseOverrides(text, path);
  return path;
}

/**
 * The registers database supplier matching reads: `reference.registers` (which must exist),
 * else <data_dir>/registers/registers.duckdb when it exists, else none (no matching).
 */
function registersPath(loaded: LoadedConfig): string | null {
  const path = loaded.paths.registersPath;
  if (existsSync(path)) return path;
  if (loaded.config.reference.registers) {
    throw new Error(
      `reference.registers: ${path} does not exist; build it with \`cwb reference load companies <BasicCompanyData csv> --registers ${path}\` or remove the setting`,
    );
  }
  return null;
}
