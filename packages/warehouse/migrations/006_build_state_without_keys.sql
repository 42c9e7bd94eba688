-- The build_state tables without primary keys. They are replaced whole at the end of every
-- build (build-plan.ts, recordBuildState) from tables whose keys are already unique, and
-- DuckDB deletes rows from an ART index slowly: emptying build_state.postcode_locations
-- (20,203 postcodes at bench medium) took 1.9-2.9 s of every refresh, the largest fixed cost
-- of an incremental one. Rows are kept, so the next build is still incremental.
create table build_state.source_files_unkeyed (
    source_file_id  varchar not null,
    anchor_id       varchar not null,
    load_id         varchar not null
);
insert into build_state.source_files_unkeyed select source_file_id, anchor_id, load_id from build_state.source_files;
drop table build_state.source_files;
alter table build_state.source_files_unkeyed rename to source_files;

create table build_state.supplier_classifications_unkeyed (
    supplier_key  varchar not null,
    row_hash      ubigint not null
);
insert into build_state.supplier_classifications_unkeyed select supplier_key, row_hash from build_state.supplier_classifications;
drop table build_state.supplier_classifications;
alter table build_state.supplier_classifications_unkeyed rename to supplier_classifications;

create table build_state.postcode_locations_unkeyed (
    postcode  varchar not null,
    row_hash  ubigint not null
);
insert into build_state.postcode_locations_unkeyed select postcode, row_hash from build_state.postcode_locations;
drop table build_state.postcode_locations;
alter table build_state.postcode_locations_unkeyed rename to postcode_locations;
