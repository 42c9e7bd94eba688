-- Inputs of the indicator layer, and run history. Only the loader and the model build write here.

-- grain: one row per attempt to load one source file (append-only history; raw.source_files
-- keeps only the latest per file)
create table raw.load_batches (
    load_id           varchar primary key,
    run_id            varchar not null,
    anchor_id         varchar not null,
    source_file_id    varchar not null,
    source_file       varchar not null,
    content_sha256    varchar not null,
    rows_read         integer not null,
    rows_loaded       integer not null,
    rows_quarantined  integer not null,
    rows_skipped      integer not null,
    rows_replaced     integer not null,
    loaded_at         timestamp not null
);

-- grain: one row per configured partnership and member anchor (a snapshot of the config)
create table raw.partnership_members (
    partnership_id    varchar not null,
    partnership_name  varchar not null,
    anchor_id         varchar not null,
    primary key (partnership_id, anchor_id)
);

-- grain: one row per anchor, location band and local-authority code in that band.
-- Written by the model build from the postcode reference's place hierarchy (abolished
-- codes included, mapped to their successor's band), or from the config alone.
-- Bands with no LAD list of their own (a region or nation known only by code) have one row
-- with lad_code null and place_code set.
create table raw.anchor_geographies (
    anchor_id   varchar not null,
    band        varchar not null check (band in ('home', 'cluster', 'region', 'nation', 'rest_of_uk')),
    place_name  varchar not null,
    place_code  varchar,
    lad_code    varchar
);

-- grain: one row per exclusion rule in force for the last build (the resolved rule set)
create table raw.exclusion_rules (
    rule_id               varchar primary key,
    flag                  varchar not null,
    label                 varchar not null,
    is_excluded           boolean not null,
    supplier_name         varchar[] not null,
    expense_type          varchar[] not null,
    expense_area          varchar[] not null,
    category              varchar[] not null,
    description           varchar[] not null,
    organisation_types    varchar[] not null,
    procurement_card      boolean not null
);

-- grain: one row per supplier key that supplier matching resolved (written by matching).
-- supplier_key is the key stg_ledger__ap_payments derives (GB-COH-…, GB-CHC-…, name:…).
create table raw.supplier_classifications (
    supplier_key          varchar primary key,
    matched_name          varchar,
    company_number        varchar,
    org_id                varchar,
    match_method          varchar,
    match_confidence      double,
    organisation_type     varchar check (organisation_type in ('private', 'public_sector', 'vcse', 'sole_trader', 'other')),
    size_band             varchar check (size_band in ('micro', 'small', 'medium', 'large')),
    sic_codes             varchar[],
    registered_postcode   varchar,
    is_locally_owned      boolean,
    ultimate_owner        varchar,
    ultimate_owner_lad_code varchar,
    classified_at         timestamp
);

-- grain: one row per local authority and SIC 2007 section: live companies registered there
-- (from the Companies House bulk file), for the leakage indicator
create table raw.registered_firms (
    lad_code     varchar not null,
    sic_section  varchar not null,
    firms        integer not null,
    as_of        date,
    primary key (lad_code, sic_section)
);

-- grain: one row per re-spend rate: scope 'supplier' (key = supplier_key), 'category'
-- (key = spend category or expense type, case-insensitive) or 'default' (key = '*')
create table raw.respend_rates (
    scope                varchar not null check (scope in ('supplier', 'category', 'default')),
    key                  varchar not null,
    round2_local_share   double not null check (round2_local_share between 0 and 1),
    round3_local_share   double not null check (round3_local_share between 0 and 1),
    primary key (scope, key)
);

-- grain: one key/value per build setting (baseline year, top N)
create table raw.build_settings (
    key    varchar primary key,
    value  varchar
);
