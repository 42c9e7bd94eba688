import { metricCatalogue } from './metric-catalogue';
import { indicatorColumns } from './metric-compiler';
import type { ModelDefinition } from './model-registry';
import type { Warehouse } from './warehouse-connection';

/** COMMENT ON the model (its leading `--` comment: grain and meaning) and, for metric views, every column. */
export async function documentModel(warehouse: Warehouse, model: ModelDefinition, kind: 'view' | 'table', sql: string): Promise<void> {
  const target = `${model.layer}.${model.name}`;
  const metric = metricCatalogue.find((m) => m.name === model.name && model.layer === 'metrics');
  const header = sql
    .split('\n')
    .filter((line, i, lines) => line.startsWith('--') && lines.slice(0, i).every((l) => l.startsWith('--')))
    .map((line) => line.replace(/^--\s?/, ''))
    .join(' ');
  const comment = metric
    ? `${metric.label} (${metric.unit}). ${metric.description} One row per anchor or partnership, period (financial year, quarter, month) and place.`
    : header;
  if (comment) await warehouse.run(`comment on ${kind} ${target} is ${quote(comment)}`);
  if (metric || ['indicator_values', 'indicators'].includes(model.name)) {
    for (const [column, text] of Object.entries(indicatorColumns)) {
      await warehouse.run(`comment on column ${target}.${column} is ${quote(text)}`);
    }
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
