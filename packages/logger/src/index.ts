import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Context every pipeline log line carries where it is known. Never personal data, never secrets. */
export interface LogContext {
  run_id?: string;
  anchor_id?: string;
  source_file?: string;
  job_id?: string;
  queue?: string;
  [key: string]: unknown;
}

/**
 * Keys whose values are never written, wherever they appear in a log object:
 * secrets (Redis URL with password, API keys, hash keys) and personal fields.
 */
export const redactedPaths = [
  'redis_url',
  'password',
  'api_key',
  'hash_key',
  '*.password',
  '*.api_key',
  '*.hash_key',
  '*.redis_url',
  'employee_ref',
  'home_postcode',
  '*.employee_ref',
  '*.home_postcode',
];

/**
 * The root logger. Level from `LOG_LEVEL`, else the `level` option, else `info`; under vitest `silent`
 * unless LOG_LEVEL is set. Logs go to stderr so that CLI output on stdout stays clean
 * for pipes and `--json`.
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  // Under vitest, silent even where the code asks for a level (a local run asks for `error`),
  // so a green test run prints the runner's summary only; LOG_LEVEL brings the logs back.
  const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : (options.level ?? 'info'));
  return pino(
    {
      name,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { pid: process.pid, service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...options,
      level,
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A child logger carrying the pipeline context (run id, anchor, source file, job id). */
export function withContext(logger: Logger, context: LogContext): Logger {
  return logger.child(context);
}

/** Removes credentials from a URL before it is logged or printed. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
