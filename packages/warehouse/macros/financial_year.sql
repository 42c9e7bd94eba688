-- financial_year(day): the UK financial year (1 April to 31 March) a date falls in, labelled as
-- marts.dim_dates labels it: 2020-04-01 to 2021-03-31 is '2020-21'. ONE definition, used by the
-- land and grants models (a register's date, a grant's award date).
create or replace macro financial_year(p_day) as
    cast(year(p_day - interval 3 month) as varchar) || '-'
        || right(cast(year(p_day - interval 3 month) + 1 as varchar), 2);
