-- Agreements gain a term, milestones and a confidentiality flag (issue 5). The projected
-- columns serve the scope filter, the expiry job and the digest; the milestone rows serve
-- overdue lists and the funnel's last stage without reading every document.
ALTER TABLE agreements ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agreements ADD COLUMN ends_on TEXT;
CREATE INDEX agreements_ends_on ON agreements (ends_on);
CREATE INDEX agreements_signed_on ON agreements (signed_on);

CREATE TABLE agreement_milestones (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    owner_id BIGINT REFERENCES organisations (id),
    due_on TEXT NOT NULL,
    completed_on TEXT
);
CREATE INDEX agreement_milestones_agreement ON agreement_milestones (agreement_id);
CREATE INDEX agreement_milestones_open ON agreement_milestones (due_on) WHERE completed_on IS NULL;
