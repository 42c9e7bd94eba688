-- grain: one row per supplier key that supplier matching matched, or that is itself the org-id
-- of an organisation in a loaded register (a ledger giving the company number of a
-- co-operative, with no registers database to match against), with the ownership form of its
-- organisation: the form a loaded register gives that organisation (by org-id: a co-operative
-- in the Co-operatives UK register), else the first
-- ownership-forms rule that holds for the match itself (a GB-COH match is read as the
-- companies_house register with its CompanyCategory as the legal form; then the org-id scheme;
-- then supplier matching's organisation type). ownership_form_basis says which.
-- Unmatched suppliers (and matches below the confidence floor) have no form here: the name
-- rules may give one per anchor (int_supplier_names_ownership_formed), else unknown.
with classifications as (
    select * from staging.stg_matching__supplier_classifications
),

organisations as (
    select * from intermediate.int_organisations_ownership_formed
),

rules as (
    select * from staging.stg_reference__ownership_form_rules
),

register_forms as (
    select distinct org_id, ownership_form, is_plural
    from organisations
    where org_id is not null and ownership_form <> 'unknown'
),

matched as (
    select
        supplier_key,
        org_id,
        case when org_id like 'GB-COH-%' then 'companies_house' end as register,
        register_category,
        nullif(regexp_extract(coalesce(org_id, ''), '^([A-Z]{2}-[A-Z]{2,4})-', 1), '') as org_id_scheme,
        organisation_type
    from classifications
    where is_matched
),

keyed_by_register as (
    select
        org_id as supplier_key,
        org_id,
        cast(null as varchar) as register,
        cast(null as varchar) as register_category,
        cast(null as varchar) as org_id_scheme,
        cast(null as varchar) as organisation_type
    from register_forms
    where org_id not in (select supplier_key from matched)
),

suppliers as (
    select * from matched
    union all by name
    select * from keyed_by_register
),

-- The first rule that holds for each supplier: the placeholder is the rules' patterns as
-- constants (ownershipRulePrioritySql), so each regular expression is compiled once, not per
-- row; name rules are left to int_supplier_names_ownership_formed.
rule_forms as (
    select supplier_key, priority
    from (
        select matched.supplier_key, {{ supplier_rule_priority }} as priority
        from suppliers as matched
    )
    where priority is not null
),

final as (
    select
        matched.supplier_key,
        matched.org_id,
        coalesce(register_forms.ownership_form, rules.ownership_form, 'unknown') as ownership_form,
        coalesce(register_forms.is_plural, rules.is_plural) as is_plural,
        case
            when register_forms.ownership_form is not null then 'register'
            when rules.ownership_form is not null then 'match'
        end as ownership_form_basis
    from suppliers as matched
    left join register_forms on matched.org_id = register_forms.org_id
    left join rule_forms on matched.supplier_key = rule_forms.supplier_key
    left join rules on rule_forms.priority = rules.priority
)

select * from final
