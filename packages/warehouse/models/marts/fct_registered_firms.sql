-- grain: one row per local authority and SIC 2007 section: live companies registered there
-- (firms), for the leakage indicator's local_firms_in_sector.
with firms as (
    select * from staging.stg_reference__registered_firms
),

final as (
    select
        lad_code,
        sic_section,
        firms,
        as_of
    from firms
)

select * from final
