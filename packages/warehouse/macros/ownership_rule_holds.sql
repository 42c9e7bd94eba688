-- Whether an ownership-forms rule's condition holds for a value: no pattern (null) always
-- holds; otherwise the case-insensitive pattern must match the whole value (a missing value
-- matches as the empty string).
create or replace macro ownership_rule_holds(pattern, value) as
    pattern is null or regexp_full_match(coalesce(value, ''), pattern, 'i');
