-- grain: one row per reporting entity (anchor or partnership), period (financial year,
-- quarter or month) and rank: the top {{top_n}} suppliers by influenceable spend, keyed by
-- supplier_key, with the band of their largest spend (relative to the anchor that paid them).
-- share_of_spend is of the entity's influenceable spend in the period. A table built per
-- entity (an incremental build recomputes only the entities whose anchors' payments changed);
-- supplier attributes are joined in metrics.top_suppliers, so a supplier's new name or
-- classification shows everywhere without re-ranking.
-- {{anchors_in_scope}}: true in a full build; when the build computes some entities only
-- (incrementally, or in batches), the anchors of those entities, so only their payments are read.
with payments as (
    select * from marts.fct_ap_payments
    where is_influenceable and {{anchors_in_scope}}
),

entities as (
    select * from marts.dim_reporting_entities
),

supplier_months as (
    select
        anchor_id,
        financial_year,
        financial_quarter_label,
        calendar_month,
        supplier_key,
        arg_max(location_band, amount_pence) as location_band,
        arg_max(location_place_name, amount_pence) as location_place_name,
        sum(amount_pence) as spend_pence,
        count(*) as payments
    from payments
    group by all
),

rolled_up as (
    select
        entities.entity_type,
        entities.entity_id,
        entities.entity_name,
        supplier_months.financial_year,
        supplier_months.financial_quarter_label,
        supplier_months.calendar_month,
        supplier_months.supplier_key,
        arg_max(supplier_months.location_band, supplier_months.spend_pence) as location_band,
        arg_max(supplier_months.location_place_name, supplier_months.spend_pence) as location_place_name,
        sum(supplier_months.spend_pence) as spend_pence,
        sum(supplier_months.payments) as payments
    from supplier_months
    inner join entities on supplier_months.anchor_id = entities.anchor_id
    group by grouping sets (
        (entities.entity_type, entities.entity_id, entities.entity_name, supplier_months.financial_year, supplier_months.supplier_key),
        (entities.entity_type, entities.entity_id, entities.entity_name, supplier_months.financial_year,
            supplier_months.financial_quarter_label, supplier_months.supplier_key),
        (entities.entity_type, entities.entity_id, entities.entity_name, supplier_months.financial_year,
            supplier_months.financial_quarter_label, supplier_months.calendar_month, supplier_months.supplier_key)
    )
),

periods as (
    select
        * exclude (financial_quarter_label, calendar_month),
        case
            when calendar_month is not null then 'month'
            when financial_quarter_label is not null then 'financial_quarter'
            else 'financial_year'
        end as period_type,
        coalesce(calendar_month, financial_quarter_label, financial_year) as period
    from rolled_up
),

ranked as (
    select
        *,
        sum(spend_pence) over (partition by entity_type, entity_id, period_type, period) as entity_spend_pence,
        row_number() over (partition by entity_type, entity_id, period_type, period order by spend_pence desc, supplier_key) as rank
    from periods
    qualify rank <= {{top_n}}
),

final as (
    select
        entity_type,
        entity_id,
        entity_name,
        period_type,
        period,
        financial_year,
        rank,
        supplier_key,
        location_band,
        location_place_name,
        spend_pence,
        round(spend_pence / nullif(entity_spend_pence, 0), 6) as share_of_spend,
        payments
    from ranked
)

select * from final
