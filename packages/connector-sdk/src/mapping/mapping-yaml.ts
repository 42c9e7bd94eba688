import { stringify } from 'yaml';
import type { Mapping } from './mapping-schema';

/**
 * A mapping as a YAML file a person would edit: the fields in the schema's order, single aliases
 * unwrapped, defaults left out. Loading the text with `loadMappingFile` gives the same mapping.
 */
export function mappingToYaml(mapping: Mapping, comment: readonly string[] = []): string {
  const columns = Object.fromEntries(
    Object.entries(mapping.columns).map(([field, aliases]) => [field, aliases && aliases.length === 1 ? aliases[0] : aliases]),
  );
  const parse = Object.fromEntries(
    Object.entries(mapping.parse).filter(([key, value]) => {
      if (key === 'date_order') return true;
      if (Array.isArray(value)) return key === 'true_values' ? value.join() !== 'y,yes,true,1,x' : value.length > 0;
      return value !== false;
    }),
  );
  const body = {
    name: mapping.name,
    description: mapping.description,
    ...(mapping.examples.length > 0 ? { examples: mapping.examples } : {}),
    columns,
    required: mapping.required,
    ...(mapping.signature.length > 0 ? { signature: mapping.signature } : {}),
    ...(mapping.ignore.length > 0 ? { ignore: mapping.ignore } : {}),
    parse,
    ...(mapping.filters.length > 0 ? { filters: mapping.filters } : {}),
  };
  const header = comment.map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${header ? `${header}\n` : ''}${stringify(body, { lineWidth: 100 })}`;
}
