import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSource } from './http-source';
import { LocalSource } from './local-source';
import { sourceFor } from './source-for';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cwb-sources-'));
  await mkdir(join(folder, 'exports', '2024'), { recursive: true });
  await mkdir(join(folder, 'exports', '.hidden'), { recursive: true });
  for (const name of ['exports/2024/01.csv', 'exports/2024/02.csv', 'exports/2024/notes.txt', 'exports/top.csv', 'exports/.hidden/x.csv']) {
    await writeFile(join(folder, name), 'a,b\n1,2\n');
  }
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('LocalSource', () => {
  const names = async (location: string) =>
    (await new LocalSource(location, folder).list()).map((file) => file.path.slice(folder.length + 1));

  it('lists one file', async () => {
    expect(await names('exports/top.csv')).toEqual(['exports/top.csv']);
  });

  it('lists a folder recursively, in path order, without hidden files', async () => {
    expect(await names('exports')).toEqual(['exports/2024/01.csv', 'exports/2024/02.csv', 'exports/2024/notes.txt', 'exports/top.csv']);
  });

  it('lists a glob', async () => {
    expect(await names('exports/**/*.csv')).toEqual(['exports/2024/01.csv', 'exports/2024/02.csv', 'exports/top.csv']);
    expect(await names(join(folder, 'exports/2024/0?.csv'))).toEqual(['exports/2024/01.csv', 'exports/2024/02.csv']);
  });

  it('says what is wrong with a missing path', async () => {
    await expect(names('nope/missing.csv')).rejects.toThrow(/nope\/missing.csv: no such file or folder/);
  });

  it('reports size and mtime for the cursor', async () => {
    const [file] = await new LocalSource('exports/top.csv', folder).list();
    expect(file?.size).toBe(8);
    expect(file?.mtime_ms).toBeGreaterThan(0);
  });
});

describe('HttpSource against a local server', () => {
  let server: Server;
  let base: string;
  let body = 'Date,Amount\n01/02/2024,5\n';
  let etag = '"v1"';
  const requests: { etag: string | undefined; since: string | undefined; status: number }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const lastModified = 'Wed, 01 May 2024 10:00:00 GMT';
      if (request.url === '/missing.csv') {
        response.writeHead(404).end();
        return;
      }
      const matches = request.headers['if-none-match'] === etag;
      const status = matches ? 304 : 200;
      requests.push({ etag: request.headers['if-none-match'], since: request.headers['if-modified-since'], status });
      if (matches) {
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { etag, 'last-modified': lastModified, 'content-type': 'text/csv' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('server did not start');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads, then revalidates with If-None-Match/If-Modified-Since and keeps the cache on 304', async () => {
    const cache = join(folder, 'http-cache');
    const source = new HttpSource(`${base}/spend.csv`, { cache_dir: cache });
    const [first] = await source.list();
    expect(source.lastDownloaded).toBe(true);
    expect(first?.revision).toBe('"v1"');
    expect(first?.mtime_ms).toBe(Date.parse('Wed, 01 May 2024 10:00:00 GMT'));

    const again = new HttpSource(`${base}/spend.csv`, { cache_dir: cache });
    const [second] = await again.list();
    expect(again.lastDownloaded).toBe(false);
    expect(second).toEqual(first);
    expect(requests.at(-1)).toEqual({ etag: '"v1"', since: 'Wed, 01 May 2024 10:00:00 GMT', status: 304 });

    body = 'Date,Amount\n01/02/2024,5\n02/02/2024,6\n';
    etag = '"v2"';
    const changed = new HttpSource(`${base}/spend.csv`, { cache_dir: cache });
    const [third] = await changed.list();
    expect(changed.lastDownloaded).toBe(true);
    expect(third?.size).toBe(Buffer.byteLength(body));
    expect(third?.revision).toBe('"v2"');
  });

  it('says which URL failed and how', async () => {
    await expect(new HttpSource(`${base}/missing.csv`, { cache_dir: join(folder, 'c2') }).list()).rejects.toThrow(
      /missing.csv: HTTP 404/,
    );
  });

  it('is chosen for http(s) URLs; other schemes are refused by name', () => {
    expect(sourceFor(`${base}/x.csv`).kind).toBe('http');
    expect(sourceFor('exports/*.csv').kind).toBe('local');
    expect(() => sourceFor('sftp://host/x.csv')).toThrow(/no source for this scheme/);
  });
});

describe('file modification is visible to the cursor', () => {
  it('a touched file gets a new mtime', async () => {
    const path = join(folder, 'exports/top.csv');
    await utimes(path, new Date('2020-01-01'), new Date('2020-01-01'));
    const [file] = await new LocalSource(path).list();
    expect(file?.mtime_ms).toBe(Date.parse('2020-01-01'));
  });
});
