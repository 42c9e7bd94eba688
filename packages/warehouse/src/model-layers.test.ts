import { describe, expect, it } from 'vitest';
import { modelSql, models, type ModelLayer } from './index';

// The SQL layers obey their rule (dbt's layering): staging reads sources (raw) only;
// intermediate reads staging and intermediate; marts read intermediate, marts, and staging
// (a dimension straight from a config or reference staging view needs no intermediate step);
// metrics read marts and metrics. A read the other way (an int_ model reading a mart, a
// metric reading raw) is a model in the wrong layer. The graph is every model's compiled SQL,
// the metric catalogue's views included.

const allowed: Record<ModelLayer, readonly string[]> = {
  staging: ['raw'],
  intermediate: ['staging', 'intermediate'],
  marts: ['staging', 'intermediate', 'marts'],
  metrics: ['marts', 'metrics'],
  audit: ['raw'],
};
const schemas = ['raw', 'staging', 'intermediate', 'marts', 'metrics', 'audit', 'build_state'];

/** Every relation a SQL text reads (`from` or `join` a schema-qualified name), comments and string literals aside. */
function reads(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  const pattern = new RegExp(`\\b(?:from|join)\\s+((?:${schemas.join('|')})\\.[a-z_0-9]+)`, 'gi');
  return [...new Set([...code.matchAll(pattern)].map((m) => m[1]!.toLowerCase()))].sort();
}

describe('the model graph', () => {
  it('reads only downward or within a layer, as each layer allows', async () => {
    const wrong: string[] = [];
    const known = new Set(models.map((m) => `${m.layer}.${m.name}`));
    for (const model of models) {
      const sql = await modelSql(model);
      for (const relation of reads(sql)) {
        const schema = relation.split('.')[0]!;
        if (!allowed[model.layer].includes(schema)) wrong.push(`${model.layer}.${model.name} reads ${relation}`);
        // a read of another model must be of a model built before it (the registry is in dependency order)
        if (schema !== 'raw' && !known.has(relation)) wrong.push(`${model.layer}.${model.name} reads ${relation}, which is not a model`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps staging to renaming and casting: no aggregation (that is an intermediate job)', async () => {
    const aggregating: string[] = [];
    for (const model of models.filter((m) => m.layer === 'staging')) {
      const code = (await modelSql(model)).replace(/--[^\n]*/g, '');
      if (/\bgroup\s+by\b|\bselect\s+distinct\b/i.test(code)) aggregating.push(model.name);
    }
    expect(aggregating).toEqual([]);
  });

  it('builds every model after the models it reads', async () => {
    const order = new Map(models.map((m, i) => [`${m.layer}.${m.name}`, i]));
    const late: string[] = [];
    for (const [index, model] of models.entries()) {
      for (const relation of reads(await modelSql(model))) {
        const at = order.get(relation);
        if (at !== undefined && at >= index) late.push(`${model.layer}.${model.name} reads ${relation}, built later`);
      }
    }
    expect(late).toEqual([]);
  });

  it('finds the reads it checks (the walk is not vacuous)', async () => {
    const fact = models.find((m) => m.name === 'fct_spend_monthly')!;
    expect(reads(await modelSql(fact))).toEqual(['marts.fct_ap_payments']);
    expect(reads("select * from raw.x join staging.y on true -- from marts.z\nwhere a = 'from metrics.w'")).toEqual(['raw.x', 'staging.y']);
  });
});
