-- grain: one row per anchor and name-keyed supplier ('name:' || name key) whose spellings in
-- that anchor's ledger prove an ownership form by name: at least one spelling holds a name
-- rule of the ownership-forms mapping (a name ending "CIC" or "community interest company")
-- and no spelling holds a different one. Per anchor, not over all anchors, so an anchor's rows
-- depend only on its own ledger. fct_supplier_ownership_spend uses it only for suppliers to
-- which neither a register nor the match gives a form (int_suppliers_ownership_formed).
with names as (
    select * from intermediate.int_supplier_names_keyed
),

rules as (
    select * from staging.stg_reference__ownership_form_rules
),

-- The first name rule that holds for each spelling: the placeholder is the rules' name patterns
-- as constants (nameRulePrioritySql), so each regular expression is compiled once, not per name.
spellings_ruled as (
    select
        names.anchor_id,
        'name:' || names.supplier_name_key as supplier_key,
        names.supplier_name,
        {{ supplier_name_rule_priority }} as priority
    from names
    where names.supplier_name_key <> ''
),

spellings_formed as (
    select
        anchor_id,
        supplier_key,
        supplier_name,
        min(priority) as priority
    from spellings_ruled
    where priority is not null
    group by all
),

agreed as (
    select
        anchor_id,
        supplier_key,
        min(priority) as priority
    from spellings_formed
    group by all
    having min(priority) = max(priority)
),

final as (
    select
        agreed.anchor_id,
        agreed.supplier_key,
        rules.ownership_form,
        rules.is_plural
    from agreed
    inner join rules on agreed.priority = rules.priority
)

select * from final
