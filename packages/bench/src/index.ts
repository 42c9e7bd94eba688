export { runBench, type BenchOptions, type BenchReport } from './run-bench';
export { runBaseline, type BaselineInput, type BaselineResult, type SpendRow } from './baseline';
export { generateBenchData, type GeneratedData } from './generate/generate';
export { formatReport } from './report';
export { scales, scaleNames, type Scale, type ScaleName } from './scales';
