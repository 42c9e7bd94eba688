-- The raw layer: what the loader wrote, with lineage. Only the loader writes here.

create schema if not exists raw;

-- grain: one row per source record that parsed as a payment
create table raw.ap_transactions (
    run_id              varchar not null,
    load_id             varchar not null,
    anchor_id           varchar not null,
    source_file_id      varchar not null,
    source_file         varchar not null,
    source_line         integer not null,
    payment_date        date not null,
    amount_pence        bigint not null,
    supplier_name       varchar,
    is_redacted         boolean not null,
    supplier_id         varchar,
    company_number      varchar,
    vat_number          varchar,
    charity_number      varchar,
    supplier_postcode   varchar,
    transaction_ref     varchar,
    expense_area        varchar,
    expense_type        varchar,
    category            varchar,
    description         varchar,
    is_procurement_card boolean not null,
    is_vcse_flagged     boolean
);

-- grain: one row per source record that was read but not loaded (quarantined or skipped)
create table raw.rejected_records (
    run_id          varchar not null,
    load_id         varchar not null,
    anchor_id       varchar not null,
    source_file_id  varchar not null,
    source_file     varchar not null,
    source_line     integer not null,
    disposition     varchar not null check (disposition in ('quarantined', 'skipped')),
    reason          varchar not null,
    detail          varchar,
    raw             varchar
);

-- grain: one row per configured source file (replaced when the file is reloaded)
create table raw.source_files (
    source_file_id    varchar primary key,
    anchor_id         varchar not null,
    source_file       varchar not null,
    content_sha256    varchar not null,
    run_id            varchar not null,
    load_id           varchar not null,
    rows_read         integer not null,
    rows_loaded       integer not null,
    rows_quarantined  integer not null,
    rows_skipped      integer not null,
    mapping           varchar,
    encoding          varchar,
    loaded_at         timestamp not null
);

-- grain: one row per distinct supplier postcode seen in any ledger, as last located
create table raw.postcode_locations (
    postcode           varchar primary key,
    status             varchar not null check (status in ('located', 'no_area', 'not_in_reference')),
    lad_code           varchar,
    region_code        varchar,
    country_code       varchar,
    lsoa_code          varchar,
    imd_decile         integer,
    imd_nation         varchar,
    is_terminated      boolean,
    reference_vintage  varchar,
    located_at         timestamp not null
);

-- grain: one row per configured anchor, as of the last refresh (a snapshot of cwb.config.yaml)
create table raw.anchors (
    anchor_id       varchar primary key,
    anchor_name     varchar not null,
    anchor_type     varchar not null,
    home_name       varchar not null,
    home_lad_codes  varchar[] not null
);

-- grain: one row per refresh run
create table raw.runs (
    run_id         varchar primary key,
    started_at     timestamp,
    finished_at    timestamp not null,
    status         varchar not null,
    files_loaded   integer not null,
    files_failed   integer not null,
    failures       json
);
