import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DuckDBConnection } from '@duckdb/node-api';
import { normaliseCompanyNumber } from '@cwb/connector-sdk';
import { redisConnectionOptions } from '@cwb/queue';
import { z } from 'zod';

/** The API's documented limit: 600 requests per 5 minutes per key. */
export const COMPANIES_HOUSE_RATE_LIMIT = { max: 600, duration: 5 * 60_000 } as const;
export const COMPANIES_HOUSE_API_URL = 'https://api.company-information.service.gov.uk';
const QUEUE = 'companies-house-api';

/** The fields of GET /company/{number} that matching and classification use (the rest pass through). */
export const companyProfileSchema = z.looseObject({
  company_number: z.string(),
  company_name: z.string(),
  company_status: z.string().optional(),
  type: z.string().optional(),
  jurisdiction: z.string().optional(),
  date_of_creation: z.string().optional(),
  date_of_cessation: z.string().optional(),
  registered_office_address: z.looseObject({ postal_code: z.string().optional(), country: z.string().optional() }).optional(),
  sic_codes: z.array(z.string()).optional(),
  accounts: z.looseObject({ last_accounts: z.looseObject({ type: z.string().optional() }).optional() }).optional(),
  previous_company_names: z.array(z.looseObject({ name: z.string(), ceased_on: z.string().optional() })).optional(),
});
export type CompanyProfile = z.infer<typeof companyProfileSchema>;

/** A lookup result: the profile, or `not_found` (a 404, which is an answer, not a failure). */
export type CompanyLookup = { status: 'found'; profile: CompanyProfile } | { status: 'not_found'; company_number: string };

export const apiClientConfigSchema = z.object({
  apiKey: z.string().min(1, 'set COMPANIES_HOUSE_API_KEY to a Companies House REST API key'),
  baseUrl: z.url().default(COMPANIES_HOUSE_API_URL),
  redisUrl: z.string().min(1),
  /** BullMQ key prefix; the rate limit is shared by every worker using the same prefix. */
  prefix: z.string().min(1).default('cwb'),
  limit: z.object({ max: z.number().int().positive(), duration: z.number().int().positive() }).default(COMPANIES_HOUSE_RATE_LIMIT),
  attempts: z.number().int().min(1).default(6),
  backoffMs: z.number().int().positive().default(2_000),
  cacheTtlSeconds: z.number().int().positive().default(30 * 24 * 3600),
  timeoutMs: z.number().int().positive().default(60_000),
});
export type ApiClientConfig = z.input<typeof apiClientConfigSchema>;

/** The API key comes from the environment, never from a config file. */
export function apiClientConfigFromEnv(env: NodeJS.ProcessEnv, rest: Omit<ApiClientConfig, 'apiKey'>): ApiClientConfig {
  return { ...rest, apiKey: env.COMPANIES_HOUSE_API_KEY ?? '', ...(env.COMPANIES_HOUSE_API_URL ? { baseUrl: env.COMPANIES_HOUSE_API_URL } : {}) };
}

class RetryableHttpError extends Error {}

/**
 * Companies House REST API client for suppliers the bulk file does not cover. Every request
 * goes through one BullMQ queue whose worker limiter enforces 600 requests per 5 minutes
 * across all processes sharing the Redis prefix; 429 and 5xx responses are retried with
 * exponential backoff; answers (including "not found") are cached in Redis. Company profiles
 * are public register data, not personal data.
 */
export class CompaniesHouseApiClient {
  private readonly config: z.infer<typeof apiClientConfigSchema>;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly cache: Redis;
  private worker: Worker | null = null;
  /** Requests actually sent to the API (cache hits are not requests). */
  requestsSent = 0;

  constructor(config: ApiClientConfig) {
    const parsed = apiClientConfigSchema.safeParse(config);
    if (!parsed.success) throw new Error(`Companies House API client: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.config = parsed.data;
    const producer = redisConnectionOptions(this.config.redisUrl, 'producer');
    this.queue = new Queue(QUEUE, { connection: producer, prefix: this.config.prefix });
    this.events = new QueueEvents(QUEUE, { connection: redisConnectionOptions(this.config.redisUrl, 'worker'), prefix: this.config.prefix });
    this.cache = new Redis(producer);
  }

  /** Start this process's share of the rate-limited worker (a process may also only enqueue). */
  startWorker(concurrency = 4): void {
    if (this.worker) return;
    this.worker = new Worker(QUEUE, (job: Job<{ company_number: string }>) => this.fetchProfile(job.data.company_number), {
      connection: redisConnectionOptions(this.config.redisUrl, 'worker'),
      prefix: this.config.prefix,
      concurrency,
      limiter: this.config.limit,
    });
  }

  private cacheKey(number: string): string {
    return `${this.config.prefix}:companies-house-api:company:${number}`;
  }

  /** Look up companies by number; cached answers first, the rest through the rate-limited queue. */
  async lookup(companyNumbers: readonly string[]): Promise<Map<string, CompanyLookup>> {
    await this.events.waitUntilReady();
    const results = new Map<string, CompanyLookup>();
    const wanted = [...new Set(companyNumbers.map((n) => {
      const normalised = normaliseCompanyNumber(n);
      if (normalised === null) throw new Error(`"${n}" is not a company number (expected e.g. 03350709 or SC123456)`);
      return normalised;
    }))];
    const cached = wanted.length === 0 ? [] : await this.cache.mget(...wanted.map((n) => this.cacheKey(n)));
    const missing: string[] = [];
    wanted.forEach((n, i) => {
      const hit = cached[i];
      if (hit) results.set(n, JSON.parse(hit) as CompanyLookup);
      else missing.push(n);
    });
    const jobs = await this.queue.addBulk(missing.map((n) => ({
      name: 'company-profile',
      data: { company_number: n },
      opts: { jobId: `company-${n}`, attempts: this.config.attempts, backoff: { type: 'exponential', delay: this.config.backoffMs }, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } },
    })));
    await Promise.all(jobs.map(async (job) => {
      const answer = (await job.waitUntilFinished(this.events, this.config.timeoutMs)) as CompanyLookup;
      results.set(job.data.company_number, answer);
    }));
    return results;
  }

  private async fetchProfile(number: string): Promise<CompanyLookup> {
    this.requestsSent += 1;
    let response: Response;
    try {
      response = await fetch(`${this.config.baseUrl}/company/${encodeURIComponent(number)}`, {
        headers: { authorization: `Basic ${Buffer.from(`${this.config.apiKey}:`).toString('base64')}`, accept: 'application/json' },
      });
    } catch (error) {
      throw new RetryableHttpError(`network error for company ${number}: ${error instanceof Error ? error.message : String(error)}`);
    }
    let answer: CompanyLookup;
    if (response.status === 404) answer = { status: 'not_found', company_number: number };
    else if (response.status === 429 || response.status >= 500) throw new RetryableHttpError(`HTTP ${response.status} for company ${number}; retrying with backoff`);
    else if (response.status === 401 || response.status === 403) throw new UnrecoverableError(`HTTP ${response.status}: the API key was refused. Fix: check COMPANIES_HOUSE_API_KEY`);
    else if (!response.ok) throw new UnrecoverableError(`HTTP ${response.status} for company ${number}`);
    else {
      const parsed = companyProfileSchema.safeParse(await response.json());
      if (!parsed.success) throw new UnrecoverableError(`company ${number}: the API response does not have the company profile shape (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
      answer = { status: 'found', profile: parsed.data };
    }
    await this.cache.set(this.cacheKey(number), JSON.stringify(answer), 'EX', this.config.cacheTtlSeconds);
    return answer;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.events.close();
    await this.queue.close();
    this.cache.disconnect();
  }

  /** For tests: remove the queue and its keys. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
    const keys = await this.cache.keys(`${this.config.prefix}:companies-house-api:*`);
    if (keys.length > 0) await this.cache.del(...keys);
  }
}

/** API accounts types (`micro-entity`, `total-exemption-full`) → the bulk file's categories. */
export function accountsCategoryFromApi(type: string | undefined): string | null {
  return type ? type.replace(/-/g, ' ').toUpperCase() : null;
}

/**
 * Add companies found through the API to `organisations` (source `companies-house-api`), so
 * matching and classification treat them like bulk rows. A bulk row for the same company wins.
 */
export async function upsertApiCompanies(conn: DuckDBConnection, profiles: readonly CompanyProfile[]): Promise<number> {
  if (profiles.length === 0) return 0;
  const rows = profiles.map((p) => ({
    number: p.company_number, name: p.company_name, postcode: p.registered_office_address?.postal_code ?? null, type: p.type ?? null,
    status: p.company_status ?? null, accounts: accountsCategoryFromApi(p.accounts?.last_accounts?.type), sic: p.sic_codes ?? [],
    created: p.date_of_creation ?? null, ceased: p.date_of_cessation ?? null, previous: (p.previous_company_names ?? []).map((n) => n.name),
  }));
  await conn.run(`CREATE OR REPLACE TEMP TABLE api_rows AS SELECT unnest(from_json($rows::JSON,
    '[{"number":"VARCHAR","name":"VARCHAR","postcode":"VARCHAR","type":"VARCHAR","status":"VARCHAR","accounts":"VARCHAR","sic":["VARCHAR"],"created":"VARCHAR","ceased":"VARCHAR","previous":["VARCHAR"]}]'), recursive := true)`, { rows: JSON.stringify(rows) });
  await conn.run(`DELETE FROM organisation_names WHERE org_id IN (SELECT 'GB-COH-' || number FROM api_rows) AND org_id IN (SELECT org_id FROM organisations WHERE source = 'companies-house-api')`);
  await conn.run(`DELETE FROM organisations WHERE source = 'companies-house-api' AND org_id IN (SELECT 'GB-COH-' || number FROM api_rows)`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE api_new AS SELECT * FROM api_rows WHERE 'GB-COH-' || number NOT IN (SELECT org_id FROM organisations)`);
  await conn.run(`INSERT INTO organisations SELECT 'GB-COH-' || number, 'GB-COH', number, name, upper(postcode), type, status, status NOT IN ('dissolved', 'converted-closed', 'removed'),
      NULL, accounts, sic, try_cast(created AS DATE), try_cast(ceased AS DATE), NULL, 'companies-house-api', NULL FROM api_new`);
  await conn.run(`INSERT INTO organisation_names SELECT 'GB-COH-' || number, name, true, NULL FROM api_new
    UNION ALL SELECT 'GB-COH-' || number, unnest(previous), false, NULL FROM api_new`);
  return Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM api_new`)).getRowObjectsJS()[0]?.n ?? 0);
}
