-- grain: one row per payment line, with one flag per exclusion (tax, pension, payroll,
-- public_body, grant, procurement_card) raised by the rule set in raw.exclusion_rules.
-- The flag expressions are compiled from that rule set when the models are built;
-- is_influenceable is false when any flag the settings count as excluded is raised, and
-- exclusion_reason names the first such flag. Nothing is deleted: influenceable spend is a filter.
-- The rules' regular expressions run once per anchor and distinct value of each text field (the
-- exclusion_<field> lookups), not once per payment; a missing value raises no flag.
with payments as (
    select * from intermediate.int_payments_banded
),

{{exclusion_field_lookups}}

flagged as (
    select
        payments.*,
{{exclusion_flag_columns}}
    from payments
{{exclusion_field_joins}}
),

final as (
    select
        *,
        {{influenceable_expression}} as is_influenceable,
        {{exclusion_reason_expression}} as exclusion_reason
    from flagged
)

select * from final
