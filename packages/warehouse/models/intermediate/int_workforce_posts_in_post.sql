-- grain: one row per employee post in post on its snapshot date (started on or before it,
-- not left before it), for each anchor's latest snapshot in each financial year, with the
-- real living wage rate in force on that date (London rate when the anchor's home is in
-- London: every home local authority is a London borough, E09…)
with posts as (
    select * from staging.stg_hr__workforce_records
),

anchors as (
    select * from staging.stg_config__anchors
),

rates as (
    select * from staging.stg_reference__living_wage_rates
),

with_year as (
    select
        posts.*,
        case when month(snapshot_date) >= 4
            then cast(year(snapshot_date) as varchar) || '-' || right(cast(year(snapshot_date) + 1 as varchar), 2)
            else cast(year(snapshot_date) - 1 as varchar) || '-' || right(cast(year(snapshot_date) as varchar), 2)
        end as financial_year
    from posts
),

latest as (
    select *
    from with_year
    qualify snapshot_date = max(snapshot_date) over (partition by anchor_id, financial_year)
),

in_post as (
    select *
    from latest
    where (start_date is null or start_date <= snapshot_date)
        and (leave_date is null or leave_date >= snapshot_date)
),

anchor_areas as (
    select
        anchor_id,
        case when len(home_lad_codes) > 0 and list_bool_and(list_transform(home_lad_codes, c -> starts_with(c, 'E09')))
            then 'london' else 'uk'
        end as living_wage_area
    from anchors
),

final as (
    select
        in_post.*,
        anchor_areas.living_wage_area,
        rates.rate_pence as living_wage_pence,
        rates.rate_year as living_wage_year
    from in_post
    inner join anchor_areas on in_post.anchor_id = anchor_areas.anchor_id
    left join rates
        on rates.living_wage_area = anchor_areas.living_wage_area
        and in_post.snapshot_date >= rates.effective_from
        and (rates.effective_until is null or in_post.snapshot_date < rates.effective_until)
)

select * from final
