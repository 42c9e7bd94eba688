import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CompaniesHouseApiClient, upsertApiCompanies, type CompanyProfile } from './companies-house-api';
import { openRegisters } from './registers-database';

/** A company profile in the API's real response shape (GET /company/{company_number}). */
const profile = (number: string, name: string): CompanyProfile => ({
  accounts: { accounting_reference_date: { day: '31', month: '03' }, last_accounts: { made_up_to: '2025-03-31', period_end_on: '2025-03-31', period_start_on: '2024-04-01', type: 'micro-entity' }, next_due: '2026-12-31', overdue: false },
  can_file: true,
  company_name: name,
  company_number: number,
  company_status: 'active',
  confirmation_statement: { last_made_up_to: '2025-06-01', next_due: '2026-06-15', next_made_up_to: '2026-06-01', overdue: false },
  date_of_creation: '2012-09-11',
  etag: 'b0f1c5e1a2d3',
  has_charges: false,
  has_insolvency_history: false,
  jurisdiction: 'england-wales',
  links: { self: `/company/${number}`, filing_history: `/company/${number}/filing-history`, persons_with_significant_control: `/company/${number}/persons-with-significant-control` },
  previous_company_names: [{ ceased_on: '2015-01-01', effective_from: '2012-09-11', name: `${name} HOLDINGS` }],
  registered_office_address: { address_line_1: '57 Pepper Road', locality: 'Leeds', postal_code: 'LS10 2RU', country: 'England' },
  sic_codes: ['62020'],
  type: 'ltd',
  undeliverable_registered_office_address: false,
});

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => { while (closers.length) await closers.pop()?.(); });

interface Served { url: string; requests: { path: string; at: number; auth: string | undefined }[] }

/** A local stand-in for the API: 429 then 200 for one company, 500 then 200 for another, 404 for unknown numbers. */
async function fakeApi(): Promise<Served> {
  const served: Served = { url: '', requests: [] };
  const failures = new Map([['08209948', [429]], ['11399177', [500, 503]]]);
  const server: Server = createServer((req, res) => {
    served.requests.push({ path: req.url ?? '', at: Date.now(), auth: req.headers.authorization });
    const number = (req.url ?? '').split('/').pop() ?? '';
    const pending = failures.get(number);
    if (pending && pending.length > 0) {
      const status = pending.shift()!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ error: status === 429 ? 'rate limit exceeded' : 'internal' }] }));
      return;
    }
    if (number === '00000404') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ error: 'company-profile-not-found', type: 'ch:service' }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(profile(number, `COMPANY ${number} LIMITED`)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return served;
}

function client(url: string, limit = { max: 600, duration: 300_000 }) {
  const c = new CompaniesHouseApiClient({ apiKey: 'test-key', baseUrl: url, redisUrl: inject('redisUrl'), prefix: `cwb-test-${randomUUID()}`, limit, backoffMs: 50 });
  closers.push(() => c.obliterate().then(() => c.close()));
  return c;
}

describe('CompaniesHouseApiClient (local HTTP server, real Redis)', () => {
  it('fetches profiles with the key as basic auth, retries 429 and 5xx, answers 404 as not found, and caches', async () => {
    const api = await fakeApi();
    const c = client(api.url);
    c.startWorker();
    const results = await c.lookup(['8209948', '11399177', '00000404', '12778855']);
    expect(results.get('08209948')).toMatchObject({ status: 'found', profile: { company_name: 'COMPANY 08209948 LIMITED', registered_office_address: { postal_code: 'LS10 2RU' } } });
    expect(results.get('11399177')?.status).toBe('found');
    expect(results.get('00000404')).toEqual({ status: 'not_found', company_number: '00000404' });
    expect(api.requests.filter((r) => r.path === '/company/11399177')).toHaveLength(3);
    expect(api.requests.filter((r) => r.path === '/company/08209948')).toHaveLength(2);
    expect(api.requests[0]?.auth).toBe(`Basic ${Buffer.from('test-key:').toString('base64')}`);
    const before = api.requests.length;
    await c.lookup(['08209948', '00000404']);
    expect(api.requests.length).toBe(before);
  });

  it('enforces the rate limit across two workers sharing the prefix', async () => {
    const api = await fakeApi();
    const limit = { max: 3, duration: 1000 };
    const prefix = `cwb-test-${randomUUID()}`;
    const a = new CompaniesHouseApiClient({ apiKey: 'k', baseUrl: api.url, redisUrl: inject('redisUrl'), prefix, limit });
    const b = new CompaniesHouseApiClient({ apiKey: 'k', baseUrl: api.url, redisUrl: inject('redisUrl'), prefix, limit });
    closers.push(() => a.obliterate().then(() => a.close()), () => b.close());
    a.startWorker(4);
    b.startWorker(4);
    const numbers = Array.from({ length: 9 }, (_, i) => String(20000001 + i));
    await a.lookup(numbers);
    const times = api.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(9);
    // Any 4 consecutive requests span at least one limiter window (3 per 1000 ms), whichever worker sent them.
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(900);
    expect(a.requestsSent + b.requestsSent).toBe(9);
  });

  it('rejects a missing API key with how to fix it', () => {
    expect(() => new CompaniesHouseApiClient({ apiKey: '', redisUrl: inject('redisUrl') })).toThrow(/apiKey: set COMPANIES_HOUSE_API_KEY/);
  });

  it('adds API companies to the registers so matching sees them', async () => {
    const db = await openRegisters(':memory:', { mode: 'read_write' });
    closers.push(async () => db.close());
    expect(await upsertApiCompanies(db.conn, [profile('08209948', '! LTD') as CompanyProfile])).toBe(1);
    expect((await db.conn.runAndReadAll(`SELECT org_id, postcode, accounts_category, source FROM organisations`)).getRowObjectsJS()).toEqual([
      { org_id: 'GB-COH-08209948', postcode: 'LS10 2RU', accounts_category: 'MICRO ENTITY', source: 'companies-house-api' },
    ]);
    expect((await db.conn.runAndReadAll(`SELECT count(*) AS n FROM organisation_names`)).getRowObjectsJS()).toEqual([{ n: 2n }]);
  });
});
