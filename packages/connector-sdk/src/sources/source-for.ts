import { HttpSource, type HttpSourceOptions } from './http-source';
import { LocalSource } from './local-source';
import type { Source } from './source';

/** The source for a configured location: an http(s) URL, or a local file, folder or glob. */
export function sourceFor(location: string, options: HttpSourceOptions & { cwd?: string } = {}): Source {
  if (/^https?:\/\//i.test(location)) return new HttpSource(location, options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`${location}: no source for this scheme (supported: local paths and globs, http://, https://)`);
  }
  return new LocalSource(location, options.cwd);
}
