import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dataPaths, defaultConfigPath, loadConfig, type DataPaths, type LoadedConfig } from '@cwb/config';

export interface ConfigOptions {
  config?: string;
  dataDir?: string;
}

/** --config and --data-dir, shared by every command that reads cwb.config.yaml (added once per command). */
export function withConfigOptions(command: Command): Command {
  if (command.options.some((o) => o.long === '--config')) return command;
  return command
    .option('-c, --config <file>', 'config file (default: $CWB_CONFIG or ./cwb.config.yaml)')
    .option('--data-dir <dir>', 'override data_dir from the config (warehouse, snapshot, staging, reference)');
}

export function loadConfigFrom(options: ConfigOptions): Promise<LoadedConfig> {
  return loadConfig(options.config, options.dataDir);
}

/**
 * Where the data directory, reference, registers and snapshot are, for commands that work
 * without a config as well as with one: the config's paths when a config is named (--config,
 * CWB_CONFIG) or ./cwb.config.yaml exists; otherwise under --data-dir, default `.cwb`.
 */
export async function dataPathsFrom(options: ConfigOptions): Promise<DataPaths> {
  if (options.config || process.env.CWB_CONFIG || existsSync(defaultConfigPath())) return (await loadConfigFrom(options)).paths;
  return dataPaths(resolve(options.dataDir ?? '.cwb'));
}

/**
 * An option naming one of the data paths (`--reference-dir`, `--registers`): given, it wins;
 * left out, it is the config's (see dataPathsFrom), so loading a reference and refreshing from
 * another directory use the same files.
 */
export function withDataPathOption(command: Command, flags: string, attribute: string, path: keyof Pick<DataPaths, 'referenceDir' | 'registersPath'>, description: string): Command {
  return withConfigOptions(command)
    .option(flags, `${description} (default: from --config / $CWB_CONFIG / ./cwb.config.yaml, else under .cwb)`)
    .hook('preAction', async (_self, action) => {
      if (action.getOptionValue(attribute) !== undefined) return;
      const paths = await dataPathsFrom(action.opts<ConfigOptions>());
      action.setOptionValue(attribute, paths[path]);
    });
}
