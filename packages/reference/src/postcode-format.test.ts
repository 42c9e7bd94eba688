import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { normalisePostcode, normalisePostcodeSql } from './postcode-format';

const CASES: [string, string | null][] = [
  ['SR432AA', 'SR43 2AA'], // NSPL pcd 7-character form
  ['SR43 2AA', 'SR43 2AA'], // pcds
  ['sr4 32aa', 'SR43 2AA'], // wrong split, lower case
  ['SR43  2AA', 'SR43 2AA'], // pcd2 double space
  [' ld1 5ab ', 'LD1 5AB'],
  ['IG117RS', 'IG11 7RS'], // as in the Barking & Dagenham CCG supplier postcode column
  ['E9 6SR', 'E9 6SR'],
  ['SE1P 5ZZ', 'SE1P 5ZZ'],
  ['EC1A 1BB', 'EC1A 1BB'],
  ['GIR 0AA', 'GIR 0AA'],
  ['', null],
  ['N/A', null],
  ['SR4', null], // outward code only
  ['SR4 7TPX', null],
  ['123 456', null],
  ['SR4 TTP', null],
];

describe('normalisePostcode', () => {
  it.each(CASES)('%j → %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it('gives the same answer in DuckDB SQL as in TypeScript', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const values = CASES.map(([input]) => `(${CASES.findIndex(([i]) => i === input)}, '${input.replaceAll("'", "''")}')`).join(', ');
    const rows = (await conn.runAndReadAll(`SELECT i, ${normalisePostcodeSql('raw')} AS pc FROM (VALUES ${values}) t(i, raw) ORDER BY i`)).getRowObjectsJS();
    expect(rows.map((r) => r.pc)).toEqual(CASES.map(([, expected]) => expected));
    conn.closeSync();
    instance.closeSync();
  });
});
