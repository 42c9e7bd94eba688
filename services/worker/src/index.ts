export { connectorByName, connectors } from './connector-registry';
export { discoverFiles, planChangedFiles, refreshFlow } from './processors/refresh-run';
export { sourceFileId } from './source-file-identity';
export { startWorkers, type WorkerPool, type WorkerPoolOptions } from './start-workers';
export { anchorGeographies, type AnchorGeographiesResult } from './anchor-geographies';
