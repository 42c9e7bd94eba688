-- grain: one row per anchor, financial year of a register edition, and live organisation of
-- that edition that could be in the anchor's home area: its registered office located in one
-- of the home local authorities (place_status home) or not located at all (unknown: no full
-- postcode, or one the reference does not hold), with its ownership form; plus, per anchor
-- and year, one row (row_kind registered_firms) whose firms column counts the live companies
-- of the latest Companies House register loaded with their registered office in the home area
-- (the denominator of the per-1,000-firms metrics). When that register has no live company in
-- the home area (none is loaded, or an extract of other places), the firm count is unknown
-- (firms null, has_firm_count false on every row of the anchor; for a home of several local
-- authorities, when any of them has none), never 0: every local authority
-- has registered companies, so none there means the register does not cover the place.
-- An organisation whose status the register does not give counts as live.
with organisations as (
    select * from intermediate.int_organisations_ownership_formed
),

home_lads as (
    select distinct anchor_id, lad_code from staging.stg_config__anchor_geographies
    where location_band = 'home' and lad_code is not null
),

anchors as (
    select * from marts.dim_anchors
),

live as (
    select * from organisations where coalesce(is_live, true)
),

in_place as (
    select
        anchors.anchor_id,
        live.financial_year,
        'organisation' as row_kind,
        live.organisation_key,
        live.register,
        live.ownership_form,
        live.is_plural,
        case when live.lad_code is null then 'unknown' else 'home' end as place_status,
        cast(0 as bigint) as firms
    from live
    cross join anchors
    left join home_lads on home_lads.anchor_id = anchors.anchor_id and home_lads.lad_code = live.lad_code
    where live.lad_code is null or home_lads.lad_code is not null
),

latest_companies_house as (
    select * from live
    where register = 'companies_house'
    qualify register_date = max(register_date) over ()
),

firms_by_lad as (
    select
        home_lads.anchor_id,
        home_lads.lad_code,
        count(latest_companies_house.organisation_key) as firms
    from home_lads
    left join latest_companies_house on latest_companies_house.lad_code = home_lads.lad_code
    group by home_lads.anchor_id, home_lads.lad_code
),

firms as (
    -- a home of several local authorities has a firm count only when each of them has one
    select
        anchor_id,
        case when bool_and(firms > 0) then sum(firms) end as firms
    from firms_by_lad
    group by anchor_id
),

firm_rows as (
    select
        years.anchor_id,
        years.financial_year,
        'registered_firms' as row_kind,
        cast(null as varchar) as organisation_key,
        'companies_house' as register,
        'registered_firms' as ownership_form,
        cast(null as boolean) as is_plural,
        'home' as place_status,
        firms.firms
    from (select distinct anchor_id, financial_year from in_place) as years
    left join firms on firms.anchor_id = years.anchor_id
),

all_rows as (
    select * from in_place
    union all by name
    select * from firm_rows
),

final as (
    select
        all_rows.*,
        firms.firms is not null as has_firm_count
    from all_rows
    left join firms on firms.anchor_id = all_rows.anchor_id
)

select * from final
