-- grain: one row per asset per register, with the register's UK financial year (April to
-- March) and whether it is the anchor's latest register of that year (two registers of one
-- year are two versions of one snapshot: the later wins, so a year's assets count once).
with assets as (
    select * from staging.stg_land__assets
),

registers as (
    select
        anchor_id,
        source_file_id,
        register_date,
        financial_year(register_date) as financial_year
    from assets
    group by anchor_id, source_file_id, register_date
),

ranked as (
    select
        *,
        row_number() over (partition by anchor_id, financial_year order by register_date desc, source_file_id desc) = 1
            as is_latest_in_year
    from registers
),

final as (
    select
        assets.*,
        ranked.financial_year,
        ranked.is_latest_in_year
    from assets
    inner join ranked
        on assets.anchor_id = ranked.anchor_id and assets.source_file_id = ranked.source_file_id
)

select * from final
