import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '@cwb/config';

export interface ConfigOptions {
  config?: string;
  dataDir?: string;
}

/** --config and --data-dir, shared by every command that reads cwb.config.yaml. */
export function withConfigOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: $CWB_CONFIG or ./cwb.config.yaml)')
    .option('--data-dir <dir>', 'override data_dir from the config (warehouse, snapshot, staging, reference)');
}

export function loadConfigFrom(options: ConfigOptions): Promise<LoadedConfig> {
  return loadConfig(options.config, options.dataDir);
}
