import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { DiscoveredFile } from '../connector';
import type { Source } from './source';

/**
 * Files on a local disk: a single file, a folder (every file in it, recursively), or a glob
 * such as `exports/2024-*.csv` or `exports/**\/*.{csv,xlsx}`. Files are listed in path order.
 */
export class LocalSource implements Source {
  readonly kind = 'local';

  constructor(
    readonly location: string,
    private readonly cwd: string = process.cwd(),
  ) {}

  async list(): Promise<DiscoveredFile[]> {
    const absolute = isAbsolute(this.location) ? this.location : resolve(this.cwd, this.location);
    const scan = picomatch.scan(absolute);
    if (!scan.isGlob) {
      const info = await stat(absolute).catch(() => null);
      if (!info) throw new Error(`${this.location}: no such file or folder (check the path; globs such as *.csv are allowed)`);
      if (info.isFile()) return [await describe(absolute, this.location)];
      return this.walk(absolute, () => true);
    }
    const base = scan.base || sep;
    const matcher = picomatch(scan.glob, { dot: false });
    return this.walk(base, (path) => matcher(relative(base, path).split(sep).join('/')));
  }

  private async walk(folder: string, keep: (path: string) => boolean): Promise<DiscoveredFile[]> {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => {
      throw new Error(`${this.location}: cannot list folder ${folder}`);
    });
    const paths = entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((path) => !relative(folder, path).split(sep).some((part) => part.startsWith('.')) && keep(path))
      .sort();
    return Promise.all(paths.map((path) => describe(path, relative(this.cwd, path) || path)));
  }
}

async function describe(path: string, display: string): Promise<DiscoveredFile> {
  const info = await stat(path);
  return { path, display_path: display, size: info.size, mtime_ms: info.mtimeMs, revision: null };
}
