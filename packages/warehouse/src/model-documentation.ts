import { factMetrics, metricCatalogue } from './metric-catalogue';
import { indicatorColumns } from './metric-compiler';
import type { ModelDefinition } from './model-registry';
import type { Warehouse } from './warehouse-connection';

/** COMMENT ON the model (its leading `--` comment: grain and meaning) and, for metric views, every column. */
export async function documentModel(warehouse: Warehouse, model: ModelDefinition, kind: 'view' | 'table', sql: string): Promise<void> {
  const target = `${model.layer}.${model.name}`;
  const metric = model.layer === 'metrics' ? metricCatalogue.find((m) => m.name === model.name) : undefined;
  const factMetric = model.layer === 'metrics' ? factMetrics.find((m) => m.name === model.name) : undefined;
  const header = sql
    .split('\n')
    .filter((line, i, lines) => line.startsWith('--') && lines.slice(0, i).every((l) => l.startsWith('--')))
    .map((line) => line.replace(/^--\s?/, ''))
    .join(' ');
  const comment = metric
    ? `${metric.label} (${metric.unit}). ${metric.description} One row per anchor or partnership, period (financial year, quarter, month) and place.`
    : factMetric
      ? `${factMetric.label} (${factMetric.unit}). ${factMetric.description} One row per anchor or partnership, financial year and category.`
      : header;
  if (comment) await warehouse.run(`comment on ${kind} ${target} is ${quote(comment)}`);
  if (metric || factMetric || ['indicator_values', 'indicators'].includes(model.name)) {
    for (const [column, text] of Object.entries(indicatorColumns)) {
      if (column === 'category' && metric) continue;
      await warehouse.run(`comment on column ${target}.${column} is ${quote(text)}`);
    }
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
