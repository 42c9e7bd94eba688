import { existsSync, statSync } from 'node:fs';
import type { Request, Response } from 'express';
import type { Logger } from '@cwb/logger';
import { buildReport, type ReportSelection } from '@cwb/report';
import { withDatabase } from '@cwb/warehouse';
import { reportQuerySchema } from './api-settings';

/**
 * GET /report: the indicator report of the published snapshot, as `cwb report` writes it. The
 * snapshot is swapped in atomically by each refresh, so the page is built again when the file's
 * modified time or size changes (or the selection differs), and served from memory otherwise.
 */
export function reportRoute(snapshotPath: string | undefined, logger: Logger) {
  let cached: { key: string; html: string } | null = null;
  return async (req: Request, res: Response) => {
    const parsed = reportQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
      return;
    }
    if (!snapshotPath || !existsSync(snapshotPath)) {
      res.status(404).json({ error: snapshotPath ? `no published snapshot at ${snapshotPath} yet: run a refresh first` : 'no snapshot configured: start cwb-api with --snapshot <published/cwb.duckdb> (or CWB_SNAPSHOT)' });
      return;
    }
    const selection: ReportSelection = { anchors: parsed.data.anchor, partnerships: parsed.data.partnership, years: parsed.data.year };
    const file = statSync(snapshotPath);
    const key = JSON.stringify([file.mtimeMs, file.size, selection]);
    if (cached?.key !== key) {
      const report = await withDatabase(snapshotPath, { mode: 'read_only' }, (w) => buildReport(w, selection, { source: snapshotPath, generatedAt: file.mtime, logger, png: false }));
      cached = { key, html: report.html };
      logger.info({ charts: report.charts.length, bytes: report.html.length }, 'report built for /report');
    }
    res.type('html').send(cached.html);
  };
}
