// A BI tool stand-in for the snapshot test: a second process that reads the published
// snapshot read-only, over and over, until `stopFile` exists (or 60 s pass). It keeps one
// connection open for the whole run and also opens a fresh one each time round, and prints
// one JSON line per read: { held, fresh } totals, or { error }.
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [snapshotPath, stopFile] = process.argv.slice(2);
const sql = "select cast(sum(value) as double) as total from metrics.indicator_values where metric = 'total_spend' and period_type = 'financial_year' and entity_type = 'anchor'";

async function total(connection) {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS()[0].total;
}

const held = await (await DuckDBInstance.create(snapshotPath, { access_mode: 'READ_ONLY' })).connect();
const deadline = Date.now() + 60_000;
process.stdout.write(`${JSON.stringify({ ready: true, held: await total(held) })}\n`);
while (!existsSync(stopFile) && Date.now() < deadline) {
  try {
    const instance = await DuckDBInstance.create(snapshotPath, { access_mode: 'READ_ONLY' });
    const fresh = await instance.connect();
    const line = { held: await total(held), fresh: await total(fresh) };
    fresh.closeSync();
    instance.closeSync();
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write(`${JSON.stringify({ done: true, held: await total(held) })}\n`);
