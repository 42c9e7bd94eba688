import { headerKey } from './header-names';

/**
 * A mapping's lists of a register's own codes per canonical value (`vacant: [Vacant, Empty]`)
 * as a lookup that compares loosely (case, spaces and punctuation ignored, as headers are);
 * each canonical value also stands for itself.
 */
export function codeLookup<T extends string>(entries: Partial<Record<T, readonly string[]>>): (text: string) => T | undefined {
  const map = new Map<string, T>();
  for (const [canonical, list] of Object.entries(entries) as [T, readonly string[]][]) {
    map.set(headerKey(canonical), canonical);
    for (const code of list) map.set(headerKey(code), canonical);
  }
  return (text) => map.get(headerKey(text));
}
