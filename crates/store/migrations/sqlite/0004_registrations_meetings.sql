-- Delegations registered for events, and one-to-one meeting requests at matchmaking
-- sessions with the scheduler's placement and the meeting's outcome (issue 4).

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    event_id BIGINT NOT NULL REFERENCES events (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX registrations_event_org ON registrations (event_id, organisation_id);
CREATE INDEX registrations_org ON registrations (organisation_id);

CREATE TABLE registration_delegates (
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL
);
CREATE INDEX registration_delegates_reg ON registration_delegates (registration_id, person_id);
CREATE INDEX registration_delegates_person ON registration_delegates (person_id);

CREATE TABLE meeting_requests (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    event_id BIGINT NOT NULL REFERENCES events (id),
    from_person BIGINT NOT NULL REFERENCES people (id),
    from_organisation BIGINT NOT NULL REFERENCES organisations (id),
    to_person BIGINT NOT NULL REFERENCES people (id),
    to_organisation BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL,
    slot INTEGER,
    held BOOLEAN,
    follow_up BOOLEAN,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_requests_event ON meeting_requests (event_id, status);
CREATE INDEX meeting_requests_from ON meeting_requests (from_organisation);
CREATE INDEX meeting_requests_to ON meeting_requests (to_organisation);
CREATE INDEX meeting_requests_from_person ON meeting_requests (from_person);
CREATE INDEX meeting_requests_to_person ON meeting_requests (to_person);
