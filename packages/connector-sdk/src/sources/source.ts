import type { DiscoveredFile } from '../connector';

/**
 * Where files come from. Each implementation lists the files it has as local paths
 * (remote sources download to a cache first), so readers only ever see local files.
 * SFTP or object storage is one more implementation of this interface.
 */
export interface Source {
  readonly kind: string;
  /** The location as configured, for messages. */
  readonly location: string;
  list(): Promise<DiscoveredFile[]>;
}
