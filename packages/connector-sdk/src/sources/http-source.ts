import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { DiscoveredFile } from '../connector';
import type { Source } from './source';

const cacheEntrySchema = z.object({
  url: z.string(),
  etag: z.string().nullable(),
  last_modified: z.string().nullable(),
  fetched_at: z.string(),
});
type CacheEntry = z.infer<typeof cacheEntrySchema>;

export interface HttpSourceOptions {
  /** Where downloads are kept between runs (default: the OS temp folder). */
  cache_dir?: string;
  /** Extra request headers (e.g. authorisation for a private feed). */
  headers?: Record<string, string>;
  timeout_ms?: number;
}

/**
 * One file over HTTP(S), downloaded to a local cache. Later runs send `If-None-Match` /
 * `If-Modified-Since`; a `304 Not Modified` keeps the cached copy untouched (same mtime),
 * so the file cursor sees an unchanged file and it is not read again.
 */
export class HttpSource implements Source {
  readonly kind = 'http';
  /** Whether the last list() downloaded a new copy (false after a 304). */
  lastDownloaded = false;

  constructor(
    readonly location: string,
    private readonly options: HttpSourceOptions = {},
  ) {
    const url = new URL(location);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`${location}: only http and https URLs are supported by the HTTP source`);
    }
  }

  async list(): Promise<DiscoveredFile[]> {
    const folder = this.options.cache_dir ?? join(tmpdir(), 'cwb-http-cache');
    await mkdir(folder, { recursive: true });
    const key = createHash('sha256').update(this.location).digest('hex').slice(0, 24);
    const name = decodeURIComponent(new URL(this.location).pathname.split('/').pop() || 'download');
    const bodyPath = join(folder, `${key}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    const metaPath = join(folder, `${key}.json`);
    const cached = await readCacheEntry(metaPath, bodyPath);

    const headers: Record<string, string> = { ...this.options.headers };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.last_modified) headers['if-modified-since'] = cached.last_modified;
    const response = await fetch(this.location, {
      headers,
      signal: AbortSignal.timeout(this.options.timeout_ms ?? 120_000),
    }).catch((error: Error) => {
      throw new Error(`${this.location}: request failed: ${error.message} (check the URL and the network)`);
    });

    if (response.status === 304 && cached) {
      this.lastDownloaded = false;
      return [await describe(bodyPath, this.location, cached)];
    }
    if (!response.ok || !response.body) {
      throw new Error(`${this.location}: HTTP ${response.status} ${response.statusText} (expected 200 with the file)`);
    }
    const partial = `${bodyPath}.partial`;
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(partial));
    await rename(partial, bodyPath);
    const entry: CacheEntry = {
      url: this.location,
      etag: response.headers.get('etag'),
      last_modified: response.headers.get('last-modified'),
      fetched_at: new Date().toISOString(),
    };
    if (entry.last_modified) {
      const modified = new Date(entry.last_modified);
      if (!Number.isNaN(modified.getTime())) await utimes(bodyPath, modified, modified);
    }
    await writeFile(metaPath, JSON.stringify(entry, null, 2));
    this.lastDownloaded = true;
    return [await describe(bodyPath, this.location, entry)];
  }
}

async function readCacheEntry(metaPath: string, bodyPath: string): Promise<CacheEntry | null> {
  const [text, body] = await Promise.all([readFile(metaPath, 'utf8').catch(() => null), stat(bodyPath).catch(() => null)]);
  if (text === null || body === null) return null;
  const parsed = cacheEntrySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

async function describe(path: string, url: string, entry: CacheEntry): Promise<DiscoveredFile> {
  const info = await stat(path);
  return {
    path,
    display_path: url,
    size: info.size,
    mtime_ms: info.mtimeMs,
    revision: entry.etag ?? entry.last_modified,
  };
}
