-- The dashboard reads (issue 5). Each need's funnel row also holds the whole seconds from
-- each stage to the next, g1 (posted to matched) to g6 (agreement signed to milestone
-- completed), set only when the need reached that stage through every stage before it
-- (the times are microseconds since 1970, whatever migration 0009 says). A funnel is then
-- one scan that counts the needs and lists each stage's gaps for its median, with no
-- per-row arithmetic and no sort.
ALTER TABLE need_funnel ADD COLUMN g1 BIGINT;
ALTER TABLE need_funnel ADD COLUMN g2 BIGINT;
ALTER TABLE need_funnel ADD COLUMN g3 BIGINT;
ALTER TABLE need_funnel ADD COLUMN g4 BIGINT;
ALTER TABLE need_funnel ADD COLUMN g5 BIGINT;
ALTER TABLE need_funnel ADD COLUMN g6 BIGINT;
UPDATE need_funnel SET
    g1 = CASE WHEN matched_at IS NOT NULL
        THEN (matched_at - posted_at) / 1000000 END,
    g2 = CASE WHEN matched_at IS NOT NULL AND requested_at IS NOT NULL
        THEN (requested_at - matched_at) / 1000000 END,
    g3 = CASE WHEN matched_at IS NOT NULL AND requested_at IS NOT NULL AND held_at IS NOT NULL
        THEN (held_at - requested_at) / 1000000 END,
    g4 = CASE WHEN matched_at IS NOT NULL AND requested_at IS NOT NULL AND held_at IS NOT NULL
        AND follow_up_at IS NOT NULL
        THEN (follow_up_at - held_at) / 1000000 END,
    g5 = CASE WHEN matched_at IS NOT NULL AND requested_at IS NOT NULL AND held_at IS NOT NULL
        AND follow_up_at IS NOT NULL AND signed_at IS NOT NULL
        THEN (signed_at - follow_up_at) / 1000000 END,
    g6 = CASE WHEN matched_at IS NOT NULL AND requested_at IS NOT NULL AND held_at IS NOT NULL
        AND follow_up_at IS NOT NULL AND signed_at IS NOT NULL AND milestone_at IS NOT NULL
        THEN (milestone_at - signed_at) / 1000000 END;
