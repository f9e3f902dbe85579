-- E-mail goes through an outbox (issue 5): a reminder is written here in the transaction
-- that decides to send it, and a sender delivers it later, retrying with back-off until it
-- is sent. A failed send is never lost, and `dedup_key` keeps a reminder from being queued
-- twice (one per milestone and day, say).

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
