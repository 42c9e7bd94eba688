-- grain: one row per calendar day, from the start of the earliest UK financial year with a
-- payment to the end of the latest. UK financial years run 1 April to 31 March: 2020-21
-- is 2020-04-01 to 2021-03-31; quarter 1 is April to June, labelled '2020-21 Q1'.
with bounds as (
    select
        make_date(cast(year(min(payment_date) - interval 3 month) as integer), 4, 1) as first_day,
        make_date(cast(year(max(payment_date) - interval 3 month) as integer) + 1, 3, 31) as last_day
    from staging.stg_ledger__ap_payments
),

days as (
    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as date_day
    from bounds
    where first_day is not null
),

labelled as (
    select
        date_day,
        cast(year(date_day - interval 3 month) as integer) as financial_year_start,
        cast(year(date_day - interval 3 month) as varchar) || '-'
            || right(cast(year(date_day - interval 3 month) + 1 as varchar), 2) as financial_year,
        cast(quarter(date_day - interval 3 month) as integer) as financial_quarter,
        cast(month(date_day - interval 3 month) as integer) as financial_month,
        strftime(date_day, '%Y-%m') as calendar_month,
        strftime(date_day, '%B %Y') as calendar_month_name,
        cast(year(date_day) as integer) as calendar_year
    from days
),

final as (
    select
        date_day,
        financial_year_start,
        financial_year,
        financial_quarter,
        financial_year || ' Q' || cast(financial_quarter as varchar) as financial_quarter_label,
        financial_month,
        calendar_month,
        calendar_month_name,
        calendar_year
    from labelled
)

select * from final
