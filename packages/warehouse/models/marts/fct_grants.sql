-- grain: one row per grant an anchor awarded, in the UK financial year (April to March) of its
-- award date, with its recipient's kind, VCSE status (true, false, or null: unknown) and location
-- band relative to the anchor (home, elsewhere, unknown). Money in pence.
with located as (
    select * from intermediate.int_grants_recipients_located
),

final as (
    select
        anchor_id,
        source_file_id,
        source_file,
        source_line,
        grant_id,
        grant_title,
        amount_pence,
        award_date,
        cast(year(award_date - interval 3 month) as varchar) || '-'
            || right(cast(year(award_date - interval 3 month) + 1 as varchar), 2) as financial_year,
        coalesce(programme_title, programme_code, 'not_given') as programme,
        recipient_org_id,
        recipient_key,
        coalesce(recipient_kind, 'not_given') as recipient_kind,
        recipient_name,
        recipient_company_number,
        recipient_charity_number,
        is_recipient_matched,
        recipient_organisation_type,
        is_vcse,
        recipient_location_method,
        recipient_lad_code,
        recipient_location_band,
        funder_org_id,
        funder_name,
        beneficiary_geo_code
    from located
)

select * from final
