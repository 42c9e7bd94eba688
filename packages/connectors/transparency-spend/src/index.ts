export { transparencySpendConnector, transparencySpendMappingsDir } from './transparency-spend-connector';
export { dryRunIngest, type DryRunResult } from './dry-run';
