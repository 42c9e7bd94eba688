-- grain: one row per real living wage rate and area; in force from announced_on until the
-- next announcement for the same area (effective_until exclusive, null for the latest)
with source as (
    select * from raw.living_wage_rates
),

final as (
    select
        area as living_wage_area,
        rate_pence,
        announced_on as effective_from,
        lead(announced_on) over (partition by area order by announced_on) as effective_until,
        implement_by,
        rate_year,
        source_note
    from source
)

select * from final
