import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Warehouse } from './warehouse-connection';

const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
const macrosDir = fileURLToPath(new URL('../macros', import.meta.url));

/**
 * The SQL macros shared by the models and the worker (`macros/*.sql`, each statement a
 * `create or replace macro`): e.g. `supplier_key(...)`, which the enrich stage runs in its
 * scratch DuckDB so that it keys suppliers exactly as `int_payments_located` does.
 */
export async function sharedMacrosSql(): Promise<string> {
  const files = (await readdir(macrosDir)).filter((f) => f.endsWith('.sql')).sort();
  return (await Promise.all(files.map((f) => readFile(join(macrosDir, f), 'utf8')))).join('\n');
}

/**
 * Applies every `migrations/NNN_*.sql` not yet recorded in `main._migrations`, in order,
 * each in its own transaction, then (re)creates the shared macros (`macros/*.sql`, so their
 * current definition is always the one in force). Returns the migration names applied.
 */
export async function migrate(warehouse: Warehouse): Promise<string[]> {
  await warehouse.run(
    'create table if not exists main._migrations (name varchar primary key, applied_at timestamp not null default current_timestamp)',
  );
  const done = new Set((await warehouse.all<{ name: string }>('select name from main._migrations')).map((r) => r.name));
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(join(migrationsDir, file), 'utf8');
    await warehouse.transaction(async () => {
      await warehouse.run(sql);
      await warehouse.run('insert into main._migrations (name) values ($1)', [file]);
    });
    applied.push(file);
  }
  await warehouse.run(await sharedMacrosSql());
  return applied;
}
