-- grain: one row per organisation (organisation_key: its org-id, else register:register_id)
-- and financial year of a register edition that lists it, with its ownership form and where
-- its registered office is. The form is the earliest ownership-forms rule that holds for any
-- of its register rows (any edition), so one organisation has one form whichever register
-- says it; name, status and postcode are those of its latest row in the year (several
-- anchors loading one register give one row). lad_code: the postcode's local authority when
-- the reference locates it, else null (not located).
with organisations as (
    select * from staging.stg_registers__organisations
),

rules as (
    select * from staging.stg_reference__ownership_form_rules
),

postcode_locations as (
    select * from staging.stg_reference__postcode_locations
),

keyed as (
    select
        *,
        coalesce(org_id, register || ':' || register_id) as organisation_key,
        financial_year(register_date) as financial_year
    from organisations
),

-- The first rule that holds for each row, the earliest over an organisation's rows: the
-- placeholder is the rules' patterns as constants (ownershipRulePrioritySql), so each regular
-- expression is compiled once, not once per row.
row_forms as (
    select organisation_key, min(priority) as priority
    from (
        select keyed.organisation_key, {{ organisation_rule_priority }} as priority
        from keyed
    )
    where priority is not null
    group by organisation_key
),

latest_in_year as (
    select *
    from keyed
    qualify row_number() over (
        partition by organisation_key, financial_year
        order by register_date desc, source_file_id desc, source_line
    ) = 1
),

final as (
    select
        latest_in_year.organisation_key,
        latest_in_year.org_id,
        latest_in_year.financial_year,
        latest_in_year.register_date,
        latest_in_year.register,
        latest_in_year.organisation_name,
        latest_in_year.legal_form,
        coalesce(rules.ownership_form, 'unknown') as ownership_form,
        rules.is_plural,
        latest_in_year.is_live,
        latest_in_year.postcode,
        case when location.location_status = 'located' then location.lad_code end as lad_code
    from latest_in_year
    left join row_forms on latest_in_year.organisation_key = row_forms.organisation_key
    left join rules on row_forms.priority = rules.priority
    left join postcode_locations as location on latest_in_year.postcode = location.postcode
)

select * from final
