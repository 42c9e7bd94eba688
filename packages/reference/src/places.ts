import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { placeSchema, type Place } from '@cwb/contracts';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { ReferenceInputError } from './reference-input-error';

/** What kind of geography a place is; drives which band it can fill in a hierarchy. */
export const placeKindSchema = z.enum(['lad', 'cluster', 'county', 'region', 'nation']);
export type PlaceKind = z.infer<typeof placeKindSchema>;

/** A named place as shipped or configured: the contract's Place plus its kind. */
export const placeDefinitionSchema = placeSchema.extend({ kind: placeKindSchema }).strict();
export type PlaceDefinition = z.infer<typeof placeDefinitionSchema>;

/** A places YAML file: `places:` then a list of definitions. */
export const placesFileSchema = z.object({ places: z.array(placeDefinitionSchema).min(1) }).strict();

/** The folder of shipped places (Preston, Lancashire, North West, the five Welsh clusters). */
export const SHIPPED_PLACES_DIR = fileURLToPath(new URL('../places', import.meta.url));

/**
 * Parse a places YAML file. A YAML or schema problem throws a ReferenceInputError with the file,
 * the line and column of the offending value, and what was expected.
 */
export function loadPlacesFile(file: string): PlaceDefinition[] {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    throw new ReferenceInputError(`not valid YAML: ${yamlError.message.split('\n')[0]}`, {
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      hint: 'indent list items under `places:` and give each place a name, kind and lad_codes',
    });
  }
  const parsed = placesFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const node = doc.getIn(issue.path as (string | number)[], true);
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    const pos = lineCounter.linePos(offset);
    throw new ReferenceInputError(`${issue.path.join('.') || 'document'}: ${issue.message}`, {
      file,
      line: pos.line,
      column: pos.col,
      hint: 'each place needs `name`, `kind` (lad, cluster, county, region or nation) and `lad_codes` (GSS codes such as E07000123)',
    });
  }
  return parsed.data.places;
}

/** Every *.yaml file in a folder, in name order, as one list of places. Names must be unique. */
export function loadPlacesDir(dir: string): PlaceDefinition[] {
  const places = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .flatMap((f) => loadPlacesFile(join(dir, f)));
  const seen = new Set<string>();
  for (const place of places) {
    if (seen.has(place.name)) throw new ReferenceInputError(`place "${place.name}" is defined twice`, { file: dir, hint: 'give each place a unique name' });
    seen.add(place.name);
  }
  return places;
}

/** The shipped places, parsed and schema-checked at import. Validate codes with validatePlaces. */
export const shippedPlaces: readonly PlaceDefinition[] = Object.freeze(loadPlacesDir(SHIPPED_PLACES_DIR));

/** A shipped place by name, as the contract's Place (name + lad_codes). */
export function shippedPlace(name: string): Place {
  const place = shippedPlaces.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!place) {
    throw new ReferenceInputError(`no shipped place called "${name}"`, { hint: `choose one of: ${shippedPlaces.map((p) => p.name).join(', ')}` });
  }
  return { name: place.name, lad_codes: [...place.lad_codes] };
}
