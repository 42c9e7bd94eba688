-- grain: one row per local authority and SIC 2007 section: live companies registered there
-- (from the Companies House bulk file, as of as_of), the local capacity spend could move to.
with source as (
    select * from raw.registered_firms
),

renamed as (
    select
        lad_code,
        sic_section,
        firms,
        as_of
    from source
)

select * from renamed
