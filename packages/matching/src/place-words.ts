import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** model/place-words.txt: the words of UK place names (ONS, OGL), built by scripts/build-place-words.ts. */
export const placeWordsPath = fileURLToPath(new URL('../model/place-words.txt', import.meta.url));

let shipped: ReadonlySet<string> | null = null;
/** The shipped place words, read once. */
export function shippedPlaceWords(): ReadonlySet<string> {
  shipped ??= new Set(readFileSync(placeWordsPath, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#')));
  return shipped;
}
