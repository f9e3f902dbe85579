-- The funnel of each need, kept up to date on every write that moves it (issue 5): when it
-- was posted and when it first reached each later stage, in seconds since 1970 (UTC; a
-- date counts from its midnight). Counting the funnel is then one scan of this table,
-- instead of six correlated subqueries per need over a million meetings. The link tables
-- let the event and country-pair filters start from the few needs they select. The need's
-- owner, status and cooperation type are copied here too (refreshed with it), so neither
-- the visibility rule nor that filter has to read the wide rows of `opportunities`.

CREATE TABLE need_funnel (
    need_id BIGINT PRIMARY KEY REFERENCES opportunities (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    cooperation_type TEXT NOT NULL,
    posted_at BIGINT NOT NULL,
    matched_at BIGINT,
    requested_at BIGINT,
    held_at BIGINT,
    follow_up_at BIGINT,
    signed_at BIGINT,
    milestone_at BIGINT
);
CREATE INDEX need_funnel_posted ON need_funnel (posted_at);

-- The sessions where the need was discussed, and the countries of the organisations it was
-- discussed with.
CREATE TABLE need_funnel_events (
    need_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL
);
CREATE INDEX need_funnel_events_event ON need_funnel_events (event_id, need_id);
CREATE INDEX need_funnel_events_need ON need_funnel_events (need_id);

CREATE TABLE need_funnel_partners (
    need_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    country TEXT NOT NULL
);
CREATE INDEX need_funnel_partners_country ON need_funnel_partners (country, need_id);
CREATE INDEX need_funnel_partners_need ON need_funnel_partners (need_id);
