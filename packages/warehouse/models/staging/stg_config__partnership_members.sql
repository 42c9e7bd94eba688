-- grain: one row per configured partnership and member anchor
with source as (
    select * from raw.partnership_members
),

renamed as (
    select
        partnership_id,
        partnership_name,
        anchor_id
    from source
)

select * from renamed
