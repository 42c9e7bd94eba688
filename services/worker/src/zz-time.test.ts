import { it } from 'vitest';
import { stat, mkdir } from 'node:fs/promises';
import { transparencySpendConnector } from '@cwb/connector-transparency-spend';
import { fastExtract } from './fast-extract';
it('time', async () => {
  for (const path of (process.env.F as string).split(',')) {
    const spec = transparencySpendConnector.spec.parse({ path });
    const info = await stat(path);
    const ctx = { load_id: 'l', anchor_id: 'a', source_file: 'f', reference_path: null };
    let t = performance.now();
    const route = await transparencySpendConnector.planRead({ path, display_path: path, size: info.size, mtime_ms: info.mtimeMs }, spec, ctx);
    const plan = performance.now() - t;
    if (route.route !== 'duckdb') { console.log(route); continue; }
    await mkdir('/tmp/fp/t1', { recursive: true });
    t = performance.now();
    const r = await fastExtract(route.plan, { dir: '/tmp/fp/t1', rowsPath: '/tmp/fp/t1/rows.parquet', rejectedPath: '/tmp/fp/t1/rej.parquet' }, ctx, { threads: Number(process.env.T ?? 1) });
    console.log(path.split('/').pop(), 'plan', plan.toFixed(0), 'ms fast', (performance.now() - t).toFixed(0), 'ms', JSON.stringify(r));
    t = performance.now();
    let n = 0;
    for await (const b of transparencySpendConnector.read({ path, display_path: path, size: info.size, mtime_ms: info.mtimeMs }, spec, ctx)) n += b.rows.length;
    console.log('  node', (performance.now() - t).toFixed(0), 'ms', n);
  }
}, 600_000);
