-- grain: one row per reporting entity and member anchor. Every anchor is an entity of its
-- own (entity_type 'anchor'); every configured partnership is an entity whose members are
-- its anchors (entity_type 'partnership'). Joining a fact on anchor_id through this table
-- rolls it up to every entity at once.
with anchors as (
    select * from marts.dim_anchors
),

members as (
    select * from staging.stg_config__partnership_members
),

final as (
    select 'anchor' as entity_type, anchor_id as entity_id, anchor_name as entity_name, anchor_id
    from anchors
    union all
    select 'partnership' as entity_type, members.partnership_id, members.partnership_name, members.anchor_id
    from members
    inner join anchors on members.anchor_id = anchors.anchor_id
)

select * from final
