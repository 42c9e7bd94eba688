/**
 * The tables of a reference database. Loaders INSERT into these; views derive the rest, so a
 * new version can copy unchanged tables from the previous one and rebuild only what changed.
 * Grain is stated on each table.
 */
export const REFERENCE_TABLES = {
  /** One row per postcode (live and terminated) over every loaded ONSPD/NSPL file. */
  postcodes: `CREATE TABLE postcodes (
    postcode VARCHAR NOT NULL,       -- normalised pcds form, e.g. 'SR4 7TP'
    lad_code VARCHAR,                -- NULL when pseudo-code, blank or no grid
    region_code VARCHAR,             -- NULL outside England (pseudo W99999999 etc.)
    country_code VARCHAR,            -- kept for no-area rows too (L93000001 = Channel Islands)
    lsoa11_code VARCHAR,
    lsoa21_code VARCHAR,
    source_imd_rank INTEGER,         -- the file's imd column: IMD rank in England, WIMD rank in Wales, SIMD/NIMDM elsewhere
    introduced_on VARCHAR,           -- 'YYYY-MM' from dointr
    terminated_on VARCHAR,           -- 'YYYY-MM' from doterm, NULL when live
    is_terminated BOOLEAN NOT NULL,
    has_grid BOOLEAN NOT NULL,
    lat DOUBLE,
    long DOUBLE,
    status VARCHAR NOT NULL,         -- 'located' | 'no_area'
    source_file VARCHAR NOT NULL
  )`,
  /** One row per English LSOA (2011): IoD 2019 IMD rank and decile. */
  deprivation_england: `CREATE TABLE deprivation_england (
    lsoa_code VARCHAR NOT NULL, lsoa_name VARCHAR, lad19_code VARCHAR,
    rank INTEGER NOT NULL, decile INTEGER NOT NULL, source_file VARCHAR NOT NULL
  )`,
  /** One row per Welsh LSOA (2011): WIMD 2019 score, rank (1 = most deprived) and decile within Wales. */
  deprivation_wales: `CREATE TABLE deprivation_wales (
    lsoa_code VARCHAR NOT NULL, lsoa_name VARCHAR, la_name VARCHAR,
    score DOUBLE NOT NULL, rank INTEGER NOT NULL, decile INTEGER NOT NULL, source_file VARCHAR NOT NULL
  )`,
  /** One row per (area code, source file): names as each source gives them. See the areas view. */
  area_names: `CREATE TABLE area_names (
    code VARCHAR NOT NULL, level VARCHAR NOT NULL, name VARCHAR NOT NULL, name_welsh VARCHAR,
    vintage_year INTEGER NOT NULL, source_file VARCHAR NOT NULL
  )`,
  /** One row per (LAD code, source file): the county/region/country a source puts it in. */
  lad_parents: `CREATE TABLE lad_parents (
    lad_code VARCHAR NOT NULL, county_code VARCHAR, region_code VARCHAR, country_code VARCHAR,
    vintage_year INTEGER NOT NULL, source_file VARCHAR NOT NULL
  )`,
  /** One row per abolished LAD code: its successor and when (shipped data, see data/area-successors.csv). */
  area_successors: `CREATE TABLE area_successors (
    old_code VARCHAR NOT NULL, old_name VARCHAR NOT NULL, new_code VARCHAR NOT NULL, new_name VARCHAR NOT NULL,
    effective_from DATE NOT NULL, source VARCHAR NOT NULL
  )`,
  /** One row per input file loaded into this version (or inherited from the previous one). */
  reference_inputs: `CREATE TABLE reference_inputs (
    kind VARCHAR NOT NULL, file VARCHAR NOT NULL, rows BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL
  )`,
  /** Key/value facts about this version: vintage, built_at, builder version. */
  reference_meta: `CREATE TABLE reference_meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL)`,
} as const;

export type ReferenceTable = keyof typeof REFERENCE_TABLES;

/** Which input kind owns which tables (a load of that kind replaces them). */
export const TABLES_BY_KIND = {
  postcodes: ['postcodes'],
  imd: ['deprivation_england'],
  wimd: ['deprivation_wales'],
  areas: ['area_names', 'lad_parents'],
} as const satisfies Record<string, readonly ReferenceTable[]>;
export type ReferenceInputKind = keyof typeof TABLES_BY_KIND;

const COUNTRY_OF_PREFIX = `CASE left(lad_code, 1) WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004'
  WHEN 'S' THEN 'S92000003' WHEN 'N' THEN 'N92000002' END`;

/**
 * Derived objects, recreated on every build from the tables above. `lsoa_deprivation` is a
 * small table (one row per LSOA) rather than a view so each lookup joins it without re-running
 * the union; the rest are views.
 */
export const REFERENCE_DERIVED = [
  `CREATE TABLE lsoa_deprivation AS
     SELECT lsoa_code, 'E' AS nation, 'IoD 2019 IMD' AS index_name, rank, decile,
            (SELECT count(*) FROM deprivation_england) AS lsoa_count FROM deprivation_england
     UNION ALL
     SELECT lsoa_code, 'W', 'WIMD 2019', rank, decile, (SELECT count(*) FROM deprivation_wales) FROM deprivation_wales
     ORDER BY lsoa_code`,
  `CREATE VIEW areas AS
     SELECT code, arg_max(level, vintage_year) AS level, arg_max(name, vintage_year) AS name,
            arg_max(name_welsh, vintage_year) FILTER (WHERE name_welsh IS NOT NULL) AS name_welsh,
            max(vintage_year) AS latest_vintage_year
       FROM area_names GROUP BY code`,
  // Parents of every LAD code we know (named, given parents, or old/new in the successor table).
  // A LAD with no parents of its own (e.g. 2023 unitaries when only 2019 lookups are loaded)
  // inherits them from its predecessors.
  `CREATE VIEW lad_hierarchy AS
     WITH own AS (
       SELECT lad_code, arg_max(county_code, vintage_year) AS county_code,
              arg_max(region_code, vintage_year) AS region_code, arg_max(country_code, vintage_year) AS country_code
         FROM lad_parents GROUP BY lad_code),
     inherited AS (
       SELECT s.new_code AS lad_code, any_value(o.region_code) AS region_code, any_value(o.country_code) AS country_code
         FROM area_successors s JOIN own o ON o.lad_code = s.old_code GROUP BY s.new_code),
     codes AS (
       SELECT code AS lad_code FROM area_names WHERE level = 'lad'
       UNION SELECT lad_code FROM lad_parents
       UNION SELECT old_code FROM area_successors UNION SELECT new_code FROM area_successors)
     SELECT c.lad_code, a.name AS lad_name, a.name_welsh AS lad_name_welsh, o.county_code,
            coalesce(o.region_code, i.region_code) AS region_code,
            coalesce(o.country_code, i.country_code, ${COUNTRY_OF_PREFIX.replaceAll('lad_code', 'c.lad_code')}) AS country_code,
            s.new_code IS NOT NULL AS is_abolished
       FROM codes c
       LEFT JOIN own o USING (lad_code)
       LEFT JOIN inherited i USING (lad_code)
       LEFT JOIN areas a ON a.code = c.lad_code
       LEFT JOIN area_successors s ON s.old_code = c.lad_code`,
  `CREATE VIEW postcode_locations AS
     SELECT p.postcode, p.status, p.lad_code, p.region_code, p.country_code,
            coalesce(p.lsoa11_code, p.lsoa21_code) AS lsoa_code,
            d.decile AS imd_decile, d.rank AS imd_rank, d.nation AS imd_nation, d.index_name AS imd_index,
            p.is_terminated, p.terminated_on, p.introduced_on, p.lat, p.long,
            (SELECT value FROM reference_meta WHERE key = 'vintage') AS vintage
       FROM postcodes p
       LEFT JOIN lsoa_deprivation d ON d.lsoa_code = coalesce(p.lsoa11_code, p.lsoa21_code)`,
] as const;
