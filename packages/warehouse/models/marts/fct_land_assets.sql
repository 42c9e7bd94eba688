-- grain: one row per asset in each anchor's register of a UK financial year (the latest
-- register of the year when there are several). Areas: buildings in m², land in hectares.
-- use_status, tenure and holding_kind are 'not_given' when the register leaves them blank.
with dated as (
    select * from intermediate.int_land_registers_dated
),

final as (
    select * exclude (effective_date, is_latest_in_year) replace (
        coalesce(tenure, 'not_given') as tenure,
        coalesce(use_status, 'not_given') as use_status,
        coalesce(holding_kind, 'not_given') as holding_kind
    )
    from dated
    where is_latest_in_year
)

select * from final
