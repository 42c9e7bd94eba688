// The conformance kit (imports vitest: use it from test files only).
export { describeConformance, type ConformanceSuite, type ConformanceSample } from './describe-conformance';
export { GoldenBuilder, goldenSchema, canonicalJson, readGolden, writeGolden, type Golden } from './golden-file';
