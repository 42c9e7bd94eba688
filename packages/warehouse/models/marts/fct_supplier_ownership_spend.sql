-- grain: one row per anchor, financial year, supplier key and influenceable flag: the anchor's
-- payments to the supplier summed (pence), with the supplier's ownership form (co-operative,
-- CIC, company …; unknown when the supplier is unmatched or its form is not known) and whether
-- that form is plural ownership (null: unknown).
with payments as (
    select * from marts.fct_ap_payments
),

forms as (
    select * from intermediate.int_suppliers_ownership_formed
),

final as (
    select
        payments.anchor_id,
        payments.financial_year,
        payments.supplier_key,
        payments.is_influenceable,
        coalesce(forms.ownership_form, 'unknown') as ownership_form,
        forms.is_plural,
        sum(payments.amount_pence) as spend_pence
    from payments
    left join forms on payments.supplier_key = forms.supplier_key
    group by all
)

select * from final
