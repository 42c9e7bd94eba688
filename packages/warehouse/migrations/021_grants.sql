-- The grants raw layer: anchors' grants data in the 360Giving standard (CSV or JSON), as
-- @cwb/connector-grants-360giving stages it. The columns are those of the grant contract
-- (@cwb/contracts grant-record.ts); the loader inserts by name. Only the loader writes here.

-- grain: one row per grant (source record that parsed as a grant)
create table raw.grants (
    run_id                    varchar not null,
    load_id                   varchar not null,
    anchor_id                 varchar not null,
    source_file_id            varchar not null,
    source_file               varchar not null,
    source_line               integer not null,
    grant_id                  varchar not null,
    title                     varchar,
    amount_pence              bigint not null check (amount_pence >= 0),
    award_date                date not null,
    programme_code            varchar,
    programme_title           varchar,
    recipient_org_id          varchar,
    recipient_kind            varchar check (recipient_kind in ('company', 'charity', 'mutual', 'unregistered', 'other')),
    recipient_name            varchar,
    recipient_company_number  varchar,
    recipient_charity_number  varchar,
    recipient_postcode        varchar,
    is_vcse                   boolean,
    funder_org_id             varchar,
    funder_name               varchar,
    beneficiary_geo_code      varchar
);
