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

-- The register or the match decides when it gives a form; the name only when neither does.
decided as (
    select
        payments.anchor_id,
        payments.financial_year,
        payments.supplier_key,
        payments.is_influenceable,
        payments.amount_pence,
        coalesce(forms.ownership_form <> 'unknown', false) as has_register_or_match_form,
        forms.ownership_form,
        forms.is_plural,
        forms.ownership_form_basis,
        name_forms.ownership_form as name_ownership_form,
        name_forms.is_plural as name_is_plural
    from payments
    left join forms on payments.supplier_key = forms.supplier_key
    left join name_forms
        on payments.anchor_id = name_forms.anchor_id
        and payments.supplier_key = name_forms.supplier_key
),

final as (
    select
        anchor_id,
        financial_year,
        supplier_key,
        is_influenceable,
        if(has_register_or_match_form, ownership_form, coalesce(name_ownership_form, 'unknown')) as ownership_form,
        if(has_register_or_match_form, is_plural, name_is_plural) as is_plural,
        if(has_register_or_match_form, ownership_form_basis, if(name_ownership_form is not null, 'name', null)) as ownership_form_basis,
        sum(amount_pence) as spend_pence
    from decided
    group by all
)

select * from final
