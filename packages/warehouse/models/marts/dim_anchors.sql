-- grain: one row per anchor institution
with anchors as (
    select * from staging.stg_config__anchors
),

final as (
    select
        anchor_id,
        anchor_name,
        anchor_type,
        home_area_name,
        home_lad_codes,
        len(home_lad_codes) as home_lad_count
    from anchors
)

select * from final
