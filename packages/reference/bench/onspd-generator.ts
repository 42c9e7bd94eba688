import { DuckDBInstance, quotedString } from '@duckdb/node-api';

/** The 52 ONSPD columns (as in the ONS Postcode Directory CSV, e.g. the postcodes.io seed subset). */
export const ONSPD_COLUMNS = [
  'pcd7', 'pcd8', 'pcds', 'dointr', 'doterm', 'oscty', 'ced', 'oslaua', 'osward', 'parish', 'usertype', 'oseast1m', 'osnrth1m',
  'osgrdind', 'oshlthau', 'nhser', 'ctry', 'rgn', 'streg', 'pcon', 'eer', 'teclec', 'ttwa', 'pct', 'itl', 'statsward', 'oa01',
  'casward', 'npark', 'lsoa01', 'msoa01', 'ur01ind', 'oac01', 'oa11', 'lsoa11', 'msoa11', 'wz11', 'sicbl', 'bua11', 'ru11ind',
  'oac11', 'lat', 'long', 'lep1', 'lep2', 'pfa', 'imd', 'calncv', 'icb', 'oa21', 'lsoa21', 'msoa21',
] as const;

const AREAS = 120;
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'; // the 20 letters ONS uses in inward codes

/**
 * The generated postcode of row i (same formula as the SQL below): 120 two-letter areas,
 * districts 1–99, sectors 0–9 and 400 units per sector, so every row is a distinct valid postcode.
 */
export function generatedPostcode(i: number): string {
  const area = `${String.fromCharCode(65 + Math.floor((i % AREAS) / 26) + 1)}${String.fromCharCode(65 + ((i % AREAS) % 26))}`;
  const rest = Math.floor(i / AREAS);
  const district = Math.floor(rest / 4000) + 1;
  const sector = Math.floor(rest / 400) % 10;
  const unit = rest % 400;
  return `${area}${district} ${sector}${LETTERS[Math.floor(unit / 20)]}${LETTERS[unit % 20]}`;
}

/**
 * Write a seeded ONSPD-format CSV of `rows` postcodes with DuckDB's COPY (every value quoted as
 * ONS does): ~25% terminated, ~1% with no grid reference (lat 99.999999, pseudo-codes), the
 * rest spread over England, Wales and Scotland codes. Deterministic for a given seed.
 */
export async function generateOnspdCsv(file: string, rows: number, seed: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '512MB', preserve_insertion_order: 'false' });
  const conn = await instance.connect();
  const h = (salt: number) => `(hash(i, ${seed}, ${salt}) % 1000000)::BIGINT`;
  const letters = quotedString(LETTERS);
  const pc = `(chr(66 + ((i % ${AREAS}) // 26)::INT) || chr(65 + ((i % ${AREAS}) % 26)::INT) || ((i // ${AREAS}) // 4000 + 1)::VARCHAR)`;
  const inward = `(((i // ${AREAS}) // 400) % 10)::VARCHAR || substr(${letters}, (((i // ${AREAS}) % 400) // 20 + 1)::INT, 1) || substr(${letters}, (((i // ${AREAS}) % 400) % 20 + 1)::INT, 1)`;
  const noGrid = `${h(1)} < 10000`;
  const nation = `CASE WHEN ${h(2)} < 850000 THEN 'E' WHEN ${h(2)} < 900000 THEN 'W' ELSE 'S' END`;
  const code = (prefix: string, max: number, salt: number) =>
    `CASE WHEN no_grid THEN nation || '99999999' ELSE nation || '${prefix}' || lpad((${h(salt)} % ${max} + 1)::VARCHAR, 6, '0') END`;
  // Columns the loader does not read still get code-like values, so the file is as wide as a real one.
  const values: Record<(typeof ONSPD_COLUMNS)[number], string> = Object.fromEntries(
    ONSPD_COLUMNS.map((c, k) => [c, `nation || lpad(((filler + ${k * 7919}) % 99999999)::VARCHAR, 8, '0')`]),
  ) as never;
  Object.assign(values, {
    pcd7: `rpad(outward, 4, ' ') || inward`,
    pcd8: `rpad(outward, 5, ' ') || inward`,
    pcds: `outward || ' ' || inward`,
    dointr: `(1980 + ${h(3)} % 40)::VARCHAR || lpad((${h(4)} % 12 + 1)::VARCHAR, 2, '0')`,
    doterm: `CASE WHEN ${h(5)} < 250000 THEN (2000 + ${h(6)} % 24)::VARCHAR || lpad((${h(7)} % 12 + 1)::VARCHAR, 2, '0') ELSE '' END`,
    oslaua: `CASE WHEN no_grid THEN '' ELSE ${code('06', 400, 8).replace("nation || '06'", "nation || CASE nation WHEN 'S' THEN '12' ELSE '06' END")} END`,
    usertype: `(${h(9)} % 2)::VARCHAR`,
    osgrdind: `CASE WHEN no_grid THEN '9' ELSE '1' END`,
    ctry: `CASE nation WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' ELSE 'S92000003' END`,
    rgn: `CASE WHEN nation = 'E' AND NOT no_grid THEN 'E1200000' || (${h(10)} % 9 + 1)::VARCHAR ELSE nation || '99999999' END`,
    lsoa11: code('01', 32844, 11),
    lsoa21: code('01', 33755, 12),
    lat: `CASE WHEN no_grid THEN '99.999999' ELSE printf('%.6f', 50 + ${h(13)} / 200000.0) END`,
    long: `CASE WHEN no_grid THEN '0.000000' ELSE printf('%.6f', -5 + ${h(14)} / 200000.0) END`,
    imd: `CASE WHEN no_grid THEN '0' ELSE (${h(15)} % 32844 + 1)::VARCHAR END`,
  });
  await conn.run(`COPY (
      SELECT ${ONSPD_COLUMNS.map((c) => `${values[c]} AS ${c}`).join(', ')}
      FROM (SELECT i, ${pc} AS outward, ${inward} AS inward, ${noGrid} AS no_grid, ${nation} AS nation, ${h(16)} * 97 AS filler FROM range(${rows}) t(i))
    ) TO ${quotedString(file)} (FORMAT csv, HEADER true, FORCE_QUOTE *)`);
  conn.closeSync();
  instance.closeSync();
}
