import { z } from 'zod';

/**
 * A record kind's columns as DuckDB types, derived from its zod contract in @cwb/contracts
 * (the one list of a kind's columns): ISO dates → DATE, integers → BIGINT, other numbers →
 * DOUBLE, booleans → BOOLEAN, strings and enums → VARCHAR, lists of strings → VARCHAR[]. The loader reads the staged NDJSON
 * with these, so a column added to a contract needs no second list here.
 */
export function duckdbColumns(schema: z.ZodObject): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    let type: unknown = field;
    while (type instanceof z.ZodNullable || type instanceof z.ZodOptional || type instanceof z.ZodDefault) type = type.unwrap();
    if (type instanceof z.ZodISODate) columns[name] = 'DATE';
    else if (type instanceof z.ZodNumber) columns[name] = type.isInt ? 'BIGINT' : 'DOUBLE';
    else if (type instanceof z.ZodBoolean) columns[name] = 'BOOLEAN';
    else if (type instanceof z.ZodString || type instanceof z.ZodEnum) columns[name] = 'VARCHAR';
    else if (type instanceof z.ZodArray && type.element instanceof z.ZodString) columns[name] = 'VARCHAR[]';
    else throw new Error(`contract column ${name}: no DuckDB type for ${(type as { constructor: { name: string } }).constructor.name}`);
  }
  return columns;
}
