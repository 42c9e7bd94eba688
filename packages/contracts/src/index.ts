export * from './ap-transaction';
export * from './anchor-config';
export * from './job-payloads';
export * from './indicator-settings';
export * from './uk-postcode';
export * from './workforce-record';
export * from './enrichment';
export * from './file-state';
