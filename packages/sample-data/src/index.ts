import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of the package root (the folder holding data/, generated/ and SOURCES.md). */
export const sampleDataRoot = fileURLToPath(new URL('..', import.meta.url));

/** Absolute path of a real published sample, e.g. `samplePath('spending/nhs/kingston_hospital_2020-09_windows1252_pound.csv')`. */
export function samplePath(relative: string): string {
  return join(sampleDataRoot, 'data', relative);
}

/** Absolute path of a generated (not published) sample under generated/. */
export function generatedSamplePath(relative: string): string {
  return join(sampleDataRoot, 'generated', relative);
}

/** The demo's config file (four ledgers' anchors, an NHS trust with its ERIC returns, and Trafford with its land register and grants, over the bundled samples). */
export const demoConfigPath = join(sampleDataRoot, 'demo', 'cwb.config.yaml');
