export { transparencySpendConnector, transparencySpendMappingsDir } from './transparency-spend-connector';
export { dryRunIngest, type DryRunResult } from './dry-run';
export { scoreCorpus, corpusKeySchema, type CorpusScore, type CorpusFileResult, type CorpusVerdict } from './corpus-eval';
