import { z } from 'zod';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * Where the API listens and who may use it. Bound to localhost by default; bound to any
 * other address it must have a token (CWB_API_TOKEN, at least 16 characters), required as
 * `Authorization: Bearer <token>` (or as the Basic-auth password, for the dashboard in a
 * browser) on everything but /healthz and /readyz.
 */
export const apiSettingsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    prefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('cwb'),
    token: z.string().min(16, 'CWB_API_TOKEN must be at least 16 characters').optional(),
    /** The published snapshot /report reads (read again when the file changes). */
    snapshot: z.string().min(1).optional(),
  })
  .superRefine((settings, ctx) => {
    if (!isLoopback(settings.host) && !settings.token) {
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message: `binding to ${settings.host} exposes the queue dashboard and run details: set CWB_API_TOKEN (or bind to 127.0.0.1)`,
      });
    }
  });

export type ApiSettings = z.infer<typeof apiSettingsSchema>;

/** Query parameters of the list endpoints. */
export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(20),
    stage: z.enum(['refresh', 'extract', 'enrich', 'load']).optional(),
  })
  .strict();

/** Query parameters of /report: the selection, as `cwb report` takes it (repeat a parameter for several). */
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (Array.isArray(v) ? v : [v]));
export const reportQuerySchema = z
  .object({
    anchor: oneOrMany.optional(),
    partnership: oneOrMany.optional(),
    year: z.union([z.string().regex(/^\d{4}-\d{2}$/, 'a financial year such as 2022-23'), z.array(z.string().regex(/^\d{4}-\d{2}$/, 'a financial year such as 2022-23'))]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
  })
  .strict();

export const runIdParamSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'run ids use letters, digits, - and _ only');
