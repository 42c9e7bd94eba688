-- What the last successful model build was built from, so the next build can rebuild only
-- what changed (incremental builds, packages/warehouse/src/build-plan.ts). Written at the
-- end of every successful build; a build that fails leaves the previous state, so the next
-- build sees the same changes again (or more) and never skips one.
create schema build_state;

-- grain: one row: the last successful build (its id: the refresh run's id) and the fingerprint of everything that is not per file or per supplier
-- (configured anchors, partnerships, bands, exclusion rules, settings, re-spend rates,
-- registered firms, and the compiled SQL of every model and macro). A change forces a full build.
create table build_state.fingerprint (
    build_id     varchar not null,
    fingerprint  varchar not null,
    built_at     timestamp not null
);

-- grain: one row per source file in the last build, with the load that put its rows there
create table build_state.source_files (
    source_file_id  varchar primary key,
    anchor_id       varchar not null,
    load_id         varchar not null
);

-- grain: one row per supplier key classified at the last build, with a hash of its row
create table build_state.supplier_classifications (
    supplier_key  varchar primary key,
    row_hash      ubigint not null
);

-- grain: one row per supplier postcode located at the last build, with a hash of its row
create table build_state.postcode_locations (
    postcode  varchar primary key,
    row_hash  ubigint not null
);
