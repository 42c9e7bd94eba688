-- grain: one row per grant an anchor awarded, in the UK financial year (April to March) of its
-- award date, with its programme (title, else code), its recipient's kind, VCSE status (true,
-- false, or null: unknown) and location band relative to the anchor (home, elsewhere, unknown).
-- Money in pence.
with located as (
    select * from intermediate.int_grants_recipients_located
),

final as (
    select
        * exclude (programme_code, programme_title, is_vcse_by_data, recipient_postcode)
            replace (coalesce(recipient_kind, 'not_given') as recipient_kind),
        financial_year(award_date) as financial_year,
        coalesce(programme_title, programme_code, 'not_given') as programme
    from located
)

select * from final
