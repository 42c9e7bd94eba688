import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** model/place-words.txt: the words of UK place names (ONS, OGL), built by scripts/build-place-words.ts. */
export const placeWordsPath = fileURLToPath(new URL('../model/place-words.txt', import.meta.url));
/** model/place-abbreviations.txt: short forms of county names ("STAFFS", "LANCS"), hand-kept. */
export const placeAbbreviationsPath = fileURLToPath(new URL('../model/place-abbreviations.txt', import.meta.url));

const wordsOf = (path: string) => readFileSync(path, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

let shipped: ReadonlySet<string> | null = null;
/** The shipped place words and county abbreviations, read once. */
export function shippedPlaceWords(): ReadonlySet<string> {
  shipped ??= new Set([...wordsOf(placeWordsPath), ...wordsOf(placeAbbreviationsPath)]);
  return shipped;
}
