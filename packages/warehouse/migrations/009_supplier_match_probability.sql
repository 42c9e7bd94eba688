-- The Fellegi–Sunter match probability of the candidate a name match chose (packages/matching
-- model/match-weights.yaml), beside the named score (match_confidence) and its evidence. Null for
-- identifier matches and overrides, and for rows written before this migration.
alter table raw.supplier_classifications add column match_probability double;
