-- The evidence for each supplier match, as the matcher names it: the method, the named parts
-- of the score (keys of packages/matching/model/name-scores.yaml, fuzzy measures with their
-- values) and the runner-up's score, e.g.
-- `exact_name; exact.bare_two_words_unique; adjust.postcode_same; runner_up=0.71`.
-- Rows written before this migration have none.
alter table raw.supplier_classifications add column match_evidence varchar;
