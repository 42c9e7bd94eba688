-- NHS estates raw layer: trust-level ERIC (Estates Returns Information Collection) rows, as
-- @cwb/connector-land-assets' nhs-eric connector stages them (the anchor's own trust row of
-- each file). The columns are those of the contract (@cwb/contracts nhs-estate-return.ts); the
-- loader inserts by name. Only the loader writes here.

-- grain: one row per trust per ERIC file loaded
create table raw.nhs_estate_returns (
    run_id                            varchar not null,
    load_id                           varchar not null,
    anchor_id                         varchar not null,
    source_file_id                    varchar not null,
    source_file                       varchar not null,
    source_line                       integer not null,
    financial_year                    varchar not null,
    trust_code                        varchar not null,
    trust_name                        varchar,
    commissioning_region              varchar,
    organisation_type                 varchar,
    trust_columns_status              varchar not null check (trust_columns_status in ('proven', 'name_split_at_comma')),
    trust_columns_detail              varchar,
    gross_internal_floor_area_m2      double check (gross_internal_floor_area_m2 >= 0),
    occupied_floor_area_m2            double check (occupied_floor_area_m2 >= 0),
    land_owned_m2                     double check (land_owned_m2 >= 0),
    land_not_delivering_services_m2   double check (land_not_delivering_services_m2 >= 0)
);
