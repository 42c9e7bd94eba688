-- grain: one row per anchor, financial year, supplier key and influenceable flag: the anchor's
-- payments to the supplier summed (pence), with the supplier's ownership form (co-operative,
-- CIC, company …; unknown when the supplier is unmatched or its form is not known), whether
-- that form is plural ownership (null: unknown) and what said so (ownership_form_basis:
-- register, match, or name: the anchor's spellings of an unmatched supplier's name, which
-- count only when neither a register nor the match gives a form).
with payments as (
    select * from marts.fct_ap_payments
),

forms as (
    select * from intermediate.int_suppliers_ownership_formed
),

name_forms as (
    select * from intermediate.int_supplier_names_ownership_formed
),

final as (
    select
        payments.anchor_id,
        payments.financial_year,
        payments.supplier_key,
        payments.is_influenceable,
        case
            when forms.ownership_form <> 'unknown' then forms.ownership_form
            else coalesce(name_forms.ownership_form, 'unknown')
        end as ownership_form,
        case when forms.ownership_form <> 'unknown' then forms.is_plural else name_forms.is_plural end as is_plural,
        case
            when forms.ownership_form <> 'unknown' then forms.ownership_form_basis
            when name_forms.ownership_form is not null then 'name'
        end as ownership_form_basis,
        sum(payments.amount_pence) as spend_pence
    from payments
    left join forms on payments.supplier_key = forms.supplier_key
    left join name_forms
        on payments.anchor_id = name_forms.anchor_id
        and payments.supplier_key = name_forms.supplier_key
    group by all
)

select * from final
