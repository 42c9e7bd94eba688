import { Command, CommanderError } from 'commander';
import { loadConfigFrom } from './commands/common-options';
import { register as registerConnector } from './commands/connector';
import { register as registerDemo } from './commands/demo';
import { register as registerEval } from './commands/eval';
import { register as registerExport } from './commands/export';
import { register as registerIndicators } from './commands/indicators';
import { register as registerIngest } from './commands/ingest';
import { register as registerInit } from './commands/init';
import { ingestRunner } from './commands/ingest-runner';
import { register as registerInspect } from './commands/inspect';
import { register as registerLookup } from './commands/lookup';
import { register as registerMatch, registerMatchEval, registerMatchReview, registerReviewMatches } from './commands/match';
import { register as registerQuery } from './commands/query';
import { register as registerReference } from './commands/reference';
import { register as registerRefresh } from './commands/refresh';
import { register as registerReport } from './commands/report';
import { register as registerRetry } from './commands/retry';
import { register as registerRun } from './commands/run';
import { register as registerRuns } from './commands/runs';
import { register as registerSchedule } from './commands/schedule';
import { register as registerWarehouse } from './commands/warehouse';
import { register as registerWorker } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command()
    .name('cwb')
    .description("Community wealth building indicators from anchor institutions' finance and HR exports")
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerInit(program);
  registerRun(program);
  registerRefresh(program);
  registerIngest(program, { run: ingestRunner(loadConfigFrom) });
  registerInspect(program);
  registerEval(program);
  registerQuery(program);
  registerIndicators(program);
  registerExport(program);
  registerReport(program);
  registerReference(program);
  registerLookup(program);
  registerMatch(program);
  registerMatchEval(program);
  registerMatchReview(program);
  registerReviewMatches(program);
  registerConnector(program);
  registerWorker(program);
  registerRuns(program);
  registerRetry(program);
  registerSchedule(program);
  registerWarehouse(program);
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
    process.stderr.write(`cwb: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
