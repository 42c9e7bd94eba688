import { z } from 'zod';

/** What needs a person: a run that failed, finished with failed files, or is late. */
export const alertSchema = z.object({
  kind: z.enum(['run_failed', 'run_partial', 'run_late']),
  run_id: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type Alert = z.input<typeof alertSchema>;

export interface AlertLogger {
  error(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface AlertHookOptions {
  /** Where to POST the alert as JSON; none means log only. Never logged (it may hold a token). */
  webhookUrl?: string | undefined;
  logger: AlertLogger;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
}

export interface AlertDelivery {
  delivered: boolean;
  attempts: number;
  error: string | null;
}

/** The webhook's host only: enough to find it, nothing of its path or token. */
function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '[unparseable url]';
  }
}

/**
 * An alert hook: logs the alert at error level with its run id, then POSTs it to the
 * webhook with a timeout, retrying with exponential backoff. It never throws: a webhook
 * that is down is logged and reported, and whatever called the hook carries on.
 */
export function createAlertHook(options: AlertHookOptions): (alert: Alert) => Promise<AlertDelivery> {
  const attempts = options.attempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 5000;
  const backoffMs = options.backoffMs ?? 1000;
  return async (input) => {
    const alert = alertSchema.parse(input);
    options.logger.error({ run_id: alert.run_id, alert: alert.kind, ...alert.details }, alert.message);
    if (!options.webhookUrl) return { delivered: false, attempts: 0, error: null };
    const body = JSON.stringify({ source: 'cwb', ...alert, sent_at: new Date().toISOString() });
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.ok) return { delivered: true, attempts: attempt, error: null };
        lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (attempt < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
    }
    options.logger.error(
      { run_id: alert.run_id, alert: alert.kind, webhook_host: webhookHost(options.webhookUrl), attempts, err: lastError },
      'alert webhook failed; the alert is in this log only',
    );
    return { delivered: false, attempts, error: lastError };
  };
}
