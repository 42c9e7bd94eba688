import type { Command } from 'commander';
import { scoreCorpus, type CorpusFileResult } from '@cwb/connector-transparency-spend';

function line(result: CorpusFileResult): string {
  const want = `want ${result.want.rows} rows £${result.want.total}`;
  if (!result.got) return `${result.verdict.padEnd(13)} ${result.file}: ${want}; ${result.detail}`;
  const got = `got ${result.got.rows} loaded (${result.got.quarantined} quarantined, ${result.got.skipped} skipped) £${result.got.total}`;
  return `${result.verdict.padEnd(13)} ${result.file}: ${want}; ${got} [${result.got.mapping}]${result.detail ? `; ${result.detail}` : ''}`;
}

/** `cwb eval --corpus DIR`: how many real exports of a corpus are read as their key says. */
export function register(program: Command): void {
  program
    .command('eval')
    .description('score the payments reader on a corpus folder (files/ + key.json of expected rows and totals)')
    .requiredOption('--corpus <dir>', 'a folder with files/ and key.json')
    .option('--json', 'print the per-file results and the score as JSON')
    .option('--min-share <share>', 'exit 1 when the share read is below this (0–1)')
    .action(async (options: { corpus: string; json?: boolean; minShare?: string }) => {
      const score = await scoreCorpus(options.corpus, options.json ? undefined : (result) => process.stdout.write(`${line(result)}\n`));
      if (options.json) process.stdout.write(`${JSON.stringify(score, null, 2)}\n`);
      else process.stdout.write(`\n${score.read}/${score.files.length} files read as the key says (${Math.round(score.share * 100)}%)\n`);
      if (options.minShare !== undefined && score.share < Number(options.minShare)) process.exitCode = 1;
    });
}
