-- Ownership forms by name: a rule of the ownership-forms mapping can test the organisation's
-- name as published (a register's organisation name; each spelling of a supplier's name in an
-- anchor's ledger). Only a community interest company may end its name with "community
-- interest company" or "CIC" (Companies (Audit, Investigations and Community Enterprise) Act
-- 2004, s.33), so the name alone proves that form. A null condition holds always.
alter table raw.ownership_form_rules add column name varchar;
