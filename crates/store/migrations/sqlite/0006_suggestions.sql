-- Matches the platform suggested, kept with their status so owners can follow them up
-- (issue 3), and so the funnel can count a need as matched (issue 5). A suggestion belongs
-- to a need or to a person's saved search, never both; a new suggestion is an alert.

CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX saved_searches_person ON saved_searches (person_id);

CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    need_id BIGINT REFERENCES opportunities (id) ON DELETE CASCADE,
    search_id BIGINT REFERENCES saved_searches (id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('product', 'opportunity')),
    item_id BIGINT NOT NULL,
    score REAL NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((need_id IS NULL) <> (search_id IS NULL))
);
CREATE UNIQUE INDEX suggestions_need_item ON suggestions (need_id, item_kind, item_id) WHERE need_id IS NOT NULL;
CREATE UNIQUE INDEX suggestions_search_item ON suggestions (search_id, item_kind, item_id) WHERE search_id IS NOT NULL;
CREATE INDEX suggestions_item ON suggestions (item_kind, item_id);
CREATE INDEX suggestions_status ON suggestions (status, id);
