import type { IndicatorRow } from '@cwb/warehouse';
import { pillarPartsArePounds } from './pillar-sections';
import type { WorkforceRow } from './report-figures';

/** Pounds, whole: £1,234,567 (negative: −£1,234). */
export function formatGbp(value: number | null): string {
  if (value === null) return '–';
  const text = `£${Math.abs(value).toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
  return value < 0 ? `−${text}` : text;
}

/** A fraction as a percentage with one decimal: 0.182 → 18.2%. */
export function formatShare(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A metric row's value in its unit, as the page shows it. */
export function formatFigure(row: Pick<IndicatorRow, 'value' | 'unit'>): string {
  if (row.value === null) return '–';
  switch (row.unit) {
    case 'gbp':
      return formatGbp(row.value);
    case 'share':
      return formatShare(row.value);
    case 'pp':
      return `${row.value >= 0 ? '+' : '−'}${Math.abs(row.value).toFixed(1)} pp`;
    case 'assets':
    case 'grants':
    case 'organisations':
      return formatNumber(row.value);
    case 'm2':
      return `${formatNumber(row.value)} m²`;
    case 'ha':
      return `${formatNumber(row.value)} ha`;
    case 'per_1000_firms':
      return `${formatNumber(row.value)} per 1,000 firms`;
    default:
      return row.value.toFixed(2);
  }
}

/** A count or an area as a plain number: 1,234.5 (at most two decimals). */
function formatNumber(value: number | null): string {
  return value === null ? '–' : value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** The key a page cell carries so a test (or a reader of the HTML) can find the metric row it shows; a fact metric's row adds its category. */
export function figureKey(row: Pick<IndicatorRow, 'metric' | 'entity_type' | 'entity_id' | 'period' | 'place'> & { category?: string | null }, part: FigurePart = 'value'): string {
  return [row.metric, row.entity_type, row.entity_id, row.period, row.place, ...(row.category ? [row.category] : []), part].join('|');
}

/** Which number of a metric row a cell shows. */
export type FigurePart = 'value' | 'numerator' | 'denominator' | 'coverage';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * One number of a metric row as the page shows it: the value in its unit, coverage as a share;
 * the parts in pounds for spend metrics and for fact metrics measured in pence, as shares for a
 * pp change's, else as plain numbers (assets, m², organisations, registered firms).
 */
export function figureText(row: IndicatorRow, part: FigurePart = 'value'): string {
  if (part === 'value') return formatFigure(row);
  if (part === 'coverage' || row.unit === 'pp') return formatShare(row[part]);
  return pillarPartsArePounds(row.metric) === false ? formatNumber(row[part]) : formatGbp(row[part]);
}

/** A table cell showing one number of a metric row, keyed to it. */
export function figureCell(row: IndicatorRow, part: FigurePart = 'value'): string {
  return `<td class="num" data-figure="${escapeHtml(figureKey(row, part))}">${escapeHtml(figureText(row, part))}</td>`;
}

/** A workforce indicator as the page shows it: suppressed cells as suppressed (with the warehouse's reason), never a number. */
export function workforceFigureText(row: Pick<WorkforceRow, 'value' | 'unit' | 'is_suppressed' | 'suppression'>): string {
  if (row.is_suppressed) return `suppressed${row.suppression ? ` (${row.suppression})` : ''}`;
  if (row.value === null) return '–';
  if (row.unit === 'share') return formatShare(row.value);
  if (row.unit === 'fte') return row.value.toFixed(1);
  return String(row.value);
}
