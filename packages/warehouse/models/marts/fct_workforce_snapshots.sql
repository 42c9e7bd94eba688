-- grain: one row per anchor, financial year snapshot and employee (employee_key, a keyed
-- hash) in post on the snapshot date. Posts of one person are combined: FTE and hours
-- summed, hourly pay weighted by hours; the person counts as below the real living wage
-- when any post pays below the rate in force. Home location band relative to the anchor,
-- nearest first (home, cluster, region, nation, rest_of_uk, unknown), as for suppliers.
with posts as (
    select * from intermediate.int_workforce_posts_in_post
),

geographies as (
    select * from staging.stg_config__anchor_geographies
),

band_order (location_band, location_band_rank) as (
    values ('home', 1), ('cluster', 2), ('region', 3), ('nation', 4), ('rest_of_uk', 5), ('outside_uk', 6), ('unknown', 7)
),

lad_bands as (
    select geographies.anchor_id, geographies.lad_code, geographies.location_band
    from geographies
    inner join band_order using (location_band)
    where geographies.lad_code is not null
    qualify row_number() over (partition by geographies.anchor_id, geographies.lad_code order by band_order.location_band_rank) = 1
),

code_bands as (
    select
        anchor_id,
        max(place_code) filter (where location_band = 'region') as region_code,
        max(place_code) filter (where location_band = 'nation') as nation_code
    from geographies
    group by anchor_id
),

people as (
    select
        anchor_id,
        financial_year,
        snapshot_date,
        employee_key,
        count(*) as posts,
        sum(coalesce(fte, 0)) as fte,
        sum(contracted_hours) as contracted_hours,
        case
            when sum(contracted_hours) filter (where hourly_pay_pence is not null) > 0
                then sum(hourly_pay_pence * contracted_hours) filter (where hourly_pay_pence is not null and contracted_hours is not null)
                    / sum(contracted_hours) filter (where hourly_pay_pence is not null and contracted_hours is not null)
            else min(hourly_pay_pence)
        end as hourly_pay_pence,
        min(hourly_pay_pence) as lowest_hourly_pay_pence,
        bool_and(hourly_pay_pence is not null) as is_pay_known,
        max(living_wage_pence) as living_wage_pence,
        max(living_wage_area) as living_wage_area,
        max(living_wage_year) as living_wage_year,
        arg_max(contract_type, coalesce(fte, 0) * 1000000 - source_line) as contract_type,
        bool_or(contract_type = 'apprentice') as is_apprentice,
        min(start_date) as start_date,
        max(gender) as gender,
        max(home_location_status) as home_location_status,
        max(home_lsoa_code) as home_lsoa_code,
        max(home_lad_code) as home_lad_code,
        max(home_region_code) as home_region_code,
        max(home_country_code) as home_country_code,
        max(home_imd_decile) as home_imd_decile,
        max(home_imd_nation) as home_imd_nation
    from posts
    group by anchor_id, financial_year, snapshot_date, employee_key
),

banded as (
    select
        people.*,
        case
            when people.home_lad_code is null then 'unknown'
            when lad_bands.location_band is not null then lad_bands.location_band
            when people.home_region_code = code_bands.region_code then 'region'
            when coalesce(people.home_country_code,
                    case left(people.home_lad_code, 1) when 'E' then 'E92000001' when 'W' then 'W92000004'
                        when 'S' then 'S92000003' when 'N' then 'N92000002' end) = code_bands.nation_code then 'nation'
            else 'rest_of_uk'
        end as home_location_band
    from people
    left join lad_bands on people.anchor_id = lad_bands.anchor_id and people.home_lad_code = lad_bands.lad_code
    left join code_bands on people.anchor_id = code_bands.anchor_id
),

final as (
    select
        anchor_id,
        financial_year,
        snapshot_date,
        employee_key,
        posts,
        fte,
        contracted_hours,
        hourly_pay_pence,
        is_pay_known,
        living_wage_area,
        living_wage_year,
        living_wage_pence,
        case when is_pay_known and living_wage_pence is not null then lowest_hourly_pay_pence >= living_wage_pence end as is_paid_living_wage,
        coalesce(contract_type, 'not_given') as contract_type,
        is_apprentice,
        start_date,
        start_date is not null and start_date > snapshot_date - interval 1 year and start_date <= snapshot_date as is_new_starter,
        gender,
        home_location_status,
        home_location_band,
        band_order.location_band_rank as home_location_band_rank,
        home_lsoa_code,
        home_lad_code,
        home_imd_decile,
        home_imd_nation
    from banded
    inner join band_order on band_order.location_band = banded.home_location_band
)

select * from final
