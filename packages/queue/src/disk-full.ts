import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UnrecoverableError } from 'bullmq';

/** Whether an error is the disk (or a quota) being full: Node's ENOSPC/EDQUOT, or DuckDB's message for it. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  return /No space left on device|ENOSPC|Disk quota exceeded/i.test(error instanceof Error ? error.message : String(error));
}

/** The path a disk-full error names (Node's `path`, or the file in DuckDB's `Could not write file "…"`). */
function pathOf(error: unknown): string | null {
  const path = (error as NodeJS.ErrnoException | null)?.path;
  if (typeof path === 'string') return path;
  const quoted = /file "([^"]+)"/.exec(error instanceof Error ? error.message : String(error));
  return quoted?.[1] ?? null;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * A disk-full error named as such, with the path, the space left on its filesystem and the
 * fix, as an UnrecoverableError: retrying cannot help until space is freed, so the job fails
 * at once and the run ends (its rows are not half-loaded: loads are transactions).
 */
export function diskFullError(error: unknown): UnrecoverableError {
  const path = pathOf(error);
  let space = '';
  if (path) {
    try {
      const stats = statfsSync(dirname(path));
      space = `: ${mb(Number(stats.bavail) * Number(stats.bsize))} free of ${mb(Number(stats.blocks) * Number(stats.bsize))}`;
    } catch {
      space = '';
    }
  }
  return new UnrecoverableError(
    `disk full: no space left writing ${path ?? 'the data directory'}${space}. Fix: free space on that disk or set data_dir to a larger one, then rerun (nothing was half-loaded)`,
  );
}
