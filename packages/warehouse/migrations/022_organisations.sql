-- The plural-ownership raw layer: registers of organisations (Co-operatives UK open data, a
-- Companies House BasicCompanyData extract, another register a mapping describes), as
-- @cwb/connector-org-registers stages them. The columns are those of the organisation
-- contract (@cwb/contracts organisation-record.ts); the loader inserts by name. Only the
-- loader writes here.

-- grain: one row per organisation per register file (source record that parsed as one)
create table raw.organisations (
    run_id                    varchar not null,
    load_id                   varchar not null,
    anchor_id                 varchar not null,
    source_file_id            varchar not null,
    source_file               varchar not null,
    source_line               integer not null,
    register                  varchar not null,
    register_date             date not null,
    register_id               varchar not null,
    org_id                    varchar,
    registered_number         varchar,
    registrar                 varchar,
    name                      varchar not null,
    legal_form                varchar,
    ownership_classification  varchar,
    sector                    varchar,
    sic_code                  varchar,
    postcode                  varchar,
    is_live                   boolean,
    status_text               varchar,
    incorporated_on           date,
    dissolved_on              date
);

-- grain: one row per rule of the ownership-forms mapping (catalogue/ownership-forms.yaml),
-- written with the config snapshot at each build: an organisation takes the form of the
-- first rule (lowest priority) whose conditions all hold. A null condition holds always.
create table raw.ownership_form_rules (
    priority                  integer primary key,
    ownership_form            varchar not null,
    is_plural                 boolean not null,
    register                  varchar,
    legal_form                varchar,
    ownership_classification  varchar,
    registered_number         varchar,
    org_id_scheme             varchar,
    organisation_type         varchar
);

-- The register's own category of a matched supplier (Companies House CompanyCategory, from the
-- registers database), which the ownership-forms rules read for suppliers.
alter table raw.supplier_classifications add column register_category varchar;
