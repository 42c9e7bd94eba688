-- grain: one row per re-spend rate (scope supplier, category or default, and its key)
with source as (
    select * from raw.respend_rates
),

renamed as (
    select
        scope,
        case when scope = 'category' then upper(trim(key)) else key end as respend_key,
        round2_local_share,
        round3_local_share
    from source
    where scope <> 'default' or key = '*'
    qualify row_number() over (partition by scope, respend_key order by key) = 1
)

select * from renamed
