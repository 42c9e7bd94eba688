export { apiSettingsSchema, listQuerySchema, type ApiSettings } from './api-settings';
export { createApi, type Api, type ApiOptions } from './create-api';
export { pipelineMetrics, type PipelineMetrics } from './pipeline-metrics';
