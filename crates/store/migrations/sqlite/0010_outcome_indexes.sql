-- A covering index for the dashboard's agreement figures (issue 5): counting 100k
-- agreements by status, kind and year (and selecting them for the parties' countries) reads this
-- narrow index instead of the wide rows that carry each agreement's document.
CREATE INDEX agreements_figures ON agreements (status, kind, signed_on, confidential, event_id);
