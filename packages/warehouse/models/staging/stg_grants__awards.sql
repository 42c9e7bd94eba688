-- grain: one row per grant loaded from an anchor's 360Giving grants data (CSV or JSON)
with source as (
    select * from raw.grants
),

renamed as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        grant_id,
        title as grant_title,
        amount_pence,
        award_date,
        programme_code,
        programme_title,
        recipient_org_id,
        recipient_kind,
        recipient_name,
        recipient_company_number,
        recipient_charity_number,
        recipient_postcode,
        is_vcse as is_vcse_by_data,
        funder_org_id,
        funder_name,
        beneficiary_geo_code
    from source
)

select * from renamed
