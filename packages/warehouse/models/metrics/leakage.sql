-- grain: one row per reporting entity, period, dimension ('category' or 'sector') and item:
-- the spend categories and SIC sections with the most non-local influenceable spend (ranked,
-- top 50 of each per entity and period). Non-local: a supplier located outside the anchor's
-- home area (unknown locations are not counted as leaked). local_firms_in_sector: live
-- companies registered in the entity's home area(s) in the same SIC section
-- (marts.fct_registered_firms), the local capacity that spend could move to; null for categories.
-- {{anchors_in_scope}}: true in a full build; when the build computes some entities only
-- (incrementally, or in batches), the anchors of those entities, so only their payments are read.
with payments as (
    select * from marts.fct_ap_payments
    where is_influenceable and {{anchors_in_scope}}
),

entities as (
    select * from marts.dim_reporting_entities
),

geographies as (
    select * from marts.dim_geographies
),

sections as (
    select * from marts.dim_sic_sections
),

items as (
    select
        anchor_id, financial_year, financial_quarter_label, calendar_month,
        'category' as dimension, spend_category as item, cast(null as varchar) as sic_section,
        amount_pence, location_band
    from payments
    union all
    select
        payments.anchor_id, payments.financial_year, payments.financial_quarter_label, payments.calendar_month,
        'sector', coalesce(sections.sic_section_name, 'Unknown sector'), payments.supplier_sic_section,
        payments.amount_pence, payments.location_band
    from payments
    left join sections on payments.supplier_sic_section = sections.sic_section
),

monthly as (
    select
        anchor_id, financial_year, financial_quarter_label, calendar_month, dimension, item, sic_section,
        sum(amount_pence) filter (where location_band not in ('home', 'unknown')) as non_local_pence,
        sum(amount_pence) filter (where location_band = 'home') as local_pence,
        sum(amount_pence) filter (where location_band = 'unknown') as unknown_pence,
        sum(amount_pence) as spend_pence
    from items
    group by all
),

rolled_up as (
    select
        entities.entity_type, entities.entity_id, entities.entity_name,
        monthly.financial_year, monthly.financial_quarter_label, monthly.calendar_month,
        monthly.dimension, monthly.item, monthly.sic_section,
        coalesce(sum(monthly.non_local_pence), 0) as non_local_pence,
        coalesce(sum(monthly.local_pence), 0) as local_pence,
        coalesce(sum(monthly.unknown_pence), 0) as unknown_pence,
        sum(monthly.spend_pence) as spend_pence
    from monthly
    inner join entities on monthly.anchor_id = entities.anchor_id
    group by grouping sets (
        (entities.entity_type, entities.entity_id, entities.entity_name, monthly.financial_year,
            monthly.dimension, monthly.item, monthly.sic_section),
        (entities.entity_type, entities.entity_id, entities.entity_name, monthly.financial_year,
            monthly.financial_quarter_label, monthly.dimension, monthly.item, monthly.sic_section),
        (entities.entity_type, entities.entity_id, entities.entity_name, monthly.financial_year,
            monthly.financial_quarter_label, monthly.calendar_month, monthly.dimension, monthly.item, monthly.sic_section)
    )
),

ranked as (
    select
        * exclude (financial_quarter_label, calendar_month),
        case
            when calendar_month is not null then 'month'
            when financial_quarter_label is not null then 'financial_quarter'
            else 'financial_year'
        end as period_type,
        coalesce(calendar_month, financial_quarter_label, financial_year) as period,
        row_number() over (
            partition by entity_type, entity_id, financial_year, financial_quarter_label, calendar_month, dimension
            order by non_local_pence desc, item
        ) as rank
    from rolled_up
    qualify rank <= 50
),

home_lads as (
    select distinct entities.entity_type, entities.entity_id, home_lad.lad_code
    from entities
    inner join geographies on entities.anchor_id = geographies.anchor_id and geographies.location_band = 'home'
    cross join unnest(geographies.lad_codes) as home_lad(lad_code)
),

home_firms as (
    select home_lads.entity_type, home_lads.entity_id, firms.sic_section, sum(firms.firms) as local_firms
    from home_lads
    inner join marts.fct_registered_firms as firms on home_lads.lad_code = firms.lad_code
    group by all
),

final as (
    select
        ranked.entity_type,
        ranked.entity_id,
        ranked.entity_name,
        ranked.period_type,
        ranked.period,
        ranked.financial_year,
        ranked.dimension,
        ranked.rank,
        ranked.item,
        ranked.sic_section,
        cast(ranked.non_local_pence * 0.01 as decimal(18, 2)) as non_local_spend_gbp,
        cast(ranked.local_pence * 0.01 as decimal(18, 2)) as local_spend_gbp,
        cast(ranked.unknown_pence * 0.01 as decimal(18, 2)) as unknown_location_spend_gbp,
        cast(ranked.spend_pence * 0.01 as decimal(18, 2)) as spend_gbp,
        round(ranked.non_local_pence / nullif(ranked.spend_pence, 0), 6) as non_local_share,
        case when ranked.dimension = 'sector' and ranked.sic_section is not null then cast(coalesce(home_firms.local_firms, 0) as integer) end
            as local_firms_in_sector
    from ranked
    left join home_firms
        on ranked.entity_type = home_firms.entity_type
        and ranked.entity_id = home_firms.entity_id
        and ranked.sic_section = home_firms.sic_section
)

select * from final
