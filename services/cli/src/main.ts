import { Command, CommanderError } from 'commander';
import { ConfigError } from '@cwb/config';
import { register as registerDemo } from './commands/demo';
import { register as registerQuery } from './commands/query';
import { register as registerRefresh } from './commands/refresh';
import { register as registerWorker } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command()
    .name('cwb')
    .description('Community wealth building indicators from anchor institutions\' finance and HR exports')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerDemo, registerRefresh, registerQuery, registerWorker]) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`cwb: ${message}\n`);
    process.exitCode = 1;
  }
}
