-- grain: one row per organisation per register file loaded (Co-operatives UK open data, a
-- Companies House BasicCompanyData extract …), as published: legal form, category and status
-- words kept; org_id_scheme is the org-id's scheme (GB-COH, GB-MPR), null without an org-id.
with source as (
    select * from raw.organisations
),

renamed as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        register,
        register_date,
        register_id,
        org_id,
        nullif(regexp_extract(coalesce(org_id, ''), '^([A-Z]{2}-[A-Z]{2,4})-', 1), '') as org_id_scheme,
        registered_number,
        registrar,
        name as organisation_name,
        legal_form,
        ownership_classification,
        sector,
        sic_code,
        postcode,
        is_live,
        status_text,
        incorporated_on,
        dissolved_on
    from source
)

select * from renamed
