-- The land and property raw layer: anchors' land and assets registers (Local Government
-- Transparency Code layout and its variants), as @cwb/connector-land-assets stages them. Each
-- source file is one register: a snapshot of the anchor's assets on its register date. The
-- columns are those of the land asset contract (@cwb/contracts land-asset.ts); the loader
-- inserts by name. Only the loader writes here.

-- grain: one row per asset per register (source record that parsed as an asset)
create table raw.land_assets (
    run_id              varchar not null,
    load_id             varchar not null,
    anchor_id           varchar not null,
    source_file_id      varchar not null,
    source_file         varchar not null,
    source_line         integer not null,
    register_date       date not null,
    effective_date      date,
    uprn                varchar,
    asset_code          varchar,
    property_name       varchar,
    address             varchar,
    post_town           varchar,
    postcode            varchar,
    postcode_district   varchar,
    coordinate_system   varchar check (coordinate_system in ('wgs84', 'bng')),
    geo_x               double,
    geo_y               double,
    tenure              varchar check (tenure in ('freehold', 'leasehold', 'other')),
    tenure_text         varchar,
    use_status          varchar check (use_status in ('occupied', 'vacant', 'leased_out', 'licensed_out', 'leased_in', 'other')),
    use_text            varchar,
    holding_kind        varchar check (holding_kind in ('land', 'building', 'land_and_building', 'non_land')),
    holding_text        varchar,
    other_detail        varchar,
    building_size_m2    double check (building_size_m2 >= 0),
    land_area_ha        double check (land_area_ha >= 0),
    is_vacant           boolean,
    is_leased_out       boolean,
    is_surplus          boolean,
    energy_rating       varchar
);
