-- The workforce raw layer. HR rows arrive already pseudonymised (see @cwb/connector-hr-extract):
-- a keyed hash instead of the employee reference, areas instead of the home postcode, no
-- names, no dates of birth. Only the loader writes here.

-- grain: one row per employee post in an anchor's HR snapshot (source record that parsed)
create table raw.workforce_records (
    run_id                varchar not null,
    load_id               varchar not null,
    anchor_id             varchar not null,
    source_file_id        varchar not null,
    source_file           varchar not null,
    source_line           integer not null,
    snapshot_date         date not null,
    employee_key          varchar not null check (regexp_full_match(employee_key, '[0-9a-f]{64}')),
    home_location_status  varchar not null check (home_location_status in ('located', 'no_area', 'not_in_reference', 'no_postcode', 'invalid_postcode', 'no_reference')),
    home_lsoa_code        varchar,
    home_lad_code         varchar,
    home_region_code      varchar,
    home_country_code     varchar,
    home_imd_decile       integer check (home_imd_decile between 1 and 10),
    home_imd_nation       varchar,
    fte                   double,
    contracted_hours      double,
    pay_basis             varchar check (pay_basis in ('hourly', 'annual')),
    pay_pence             bigint,
    hourly_pay_pence      double,
    grade                 varchar,
    contract_type         varchar check (contract_type in ('permanent', 'fixed_term', 'casual', 'zero_hours', 'agency', 'apprentice')),
    start_date            date,
    leave_date            date,
    gender                varchar check (gender in ('female', 'male', 'other'))
);

-- grain: one row per real living wage rate (area, announcement), written from the shipped table
-- (@cwb/workforce data/real-living-wage-rates.csv, Living Wage Foundation) at each model build
create table raw.living_wage_rates (
    area          varchar not null check (area in ('uk', 'london')),
    rate_pence    integer not null,
    announced_on  date not null,
    implement_by  date,
    rate_year     varchar not null,
    source_note   varchar not null,
    primary key (area, announced_on)
);
