import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { dropPersonLevelRelations } from './person-level-relations';
import { withDatabase } from './warehouse-connection';

/**
 * Publishes a read-only snapshot for BI tools and `cwb query`: the warehouse file (closed
 * and checkpointed by the caller) is copied next to the target and renamed over it, which
 * is atomic on one filesystem. A reader that has the old snapshot open keeps reading it.
 * Person-level workforce relations are dropped from the copy before it is published.
 */
export async function publishSnapshot(warehousePath: string, snapshotPath: string, runId: string): Promise<string> {
  await mkdir(dirname(snapshotPath), { recursive: true });
  const temporary = `${snapshotPath}.${runId}.tmp`;
  try {
    // A copy-on-write clone where the filesystem has them (btrfs, XFS, APFS: the blocks that
    // did not change are shared, not copied), else a plain copy.
    await copyFile(warehousePath, temporary, constants.COPYFILE_FICLONE);
    await withDatabase(temporary, { mode: 'read_write' }, dropPersonLevelRelations);
    await rename(temporary, snapshotPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return snapshotPath;
}
