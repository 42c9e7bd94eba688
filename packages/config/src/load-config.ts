import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { pathsOutsideConfig } from './config-paths';
import { cwbConfigSchema, type CwbConfig } from './config-schema';

/** Where a configured run keeps its files. All absolute. */
export interface DataPaths {
  dataDir: string;
  warehousePath: string;
  snapshotPath: string;
  stagingDir: string;
  referenceDir: string;
  /** The registers database supplier matching reads (`reference.registers`, default <data_dir>/registers/registers.duckdb). */
  registersPath: string;
  /** The supplier-matching overrides file (`reference.supplier_overrides`), absolute; null when not configured. */
  supplierOverridesPath: string | null;
}

export interface LoadedConfig {
  config: CwbConfig;
  configPath: string;
  configDir: string;
  paths: DataPaths;
}

/** A config file that is missing, not YAML, or does not match the schema. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid cwb config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function defaultConfigPath(): string {
  return resolve(process.env.CWB_CONFIG ?? 'cwb.config.yaml');
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    warehousePath: join(dataDir, 'warehouse.duckdb'),
    snapshotPath: join(dataDir, 'published', 'cwb.duckdb'),
    stagingDir: join(dataDir, 'staging'),
    referenceDir: join(dataDir, 'reference'),
    registersPath: join(dataDir, 'registers', 'registers.duckdb'),
    supplierOverridesPath: null,
  };
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${where || '(top level)'}: ${issue.message}`;
  });
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): CwbConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${e.message.split('\n')[0]} (fix the YAML syntax)`;
      }),
    );
  }
  const parsed = cwbConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error));
  return parsed.data;
}

/**
 * Reads `cwb.config.yaml` (or `CWB_CONFIG`). Source paths and `data_dir` are relative to the
 * config file and must stay in its folder unless `allow_paths_outside_config` allows more
 * (config-paths.ts); `dataDirOverride` (a CLI flag) is relative to the working directory.
 */
export async function loadConfig(configPath = defaultConfigPath(), dataDirOverride?: string): Promise<LoadedConfig> {
  const absolute = resolve(configPath);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(absolute, [
      code === 'ENOENT'
        ? 'file not found: create cwb.config.yaml (see README "The config file"), pass --config <file> or set CWB_CONFIG'
        : `cannot read file (${code ?? String(error)})`,
    ]);
  }
  const config = parseConfig(text, absolute);
  const configDir = dirname(absolute);
  const outside = pathsOutsideConfig(config, configDir, { dataDirOverridden: dataDirOverride !== undefined });
  if (outside.length > 0) throw new ConfigError(absolute, outside);
  const dataDir = dataDirOverride
    ? resolve(dataDirOverride)
    : isAbsolute(config.data_dir)
      ? config.data_dir
      : join(configDir, config.data_dir);
  const paths = dataPaths(dataDir);
  if (config.reference.registers) paths.registersPath = resolve(configDir, config.reference.registers);
  if (config.reference.supplier_overrides) paths.supplierOverridesPath = resolve(configDir, config.reference.supplier_overrides);
  return { config, configPath: absolute, configDir, paths };
}
