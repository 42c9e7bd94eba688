export { buildReport, writeReport, type Report, type ReportChart, type ReportContext } from './report';
export { readReportFigures, REPORT_METRICS, type ReportFigures, type ReportSelection, type LeakageRow, type WorkforceRow, type FileAccountRow } from './report-figures';
export { CHART_NAMES, chartSpecSchema, loadChartSpec, type ChartName, type ChartSpec } from './chart-spec';
export { renderChart, type RenderedChart } from './chart-render';
export { DistrictGeography, placeOnMap, readLadCodeChanges, BOUNDARIES_FILE, LAD_CODE_CHANGES_FILE, LAD_NAMES_FILE, MAP_ATTRIBUTION, type DistrictMap } from './district-map';
export { figureKey, figureText, formatFigure, formatGbp, formatShare, workforceFigureText, type FigurePart } from './figure-format';
export { mapSubject } from './report-sections';
