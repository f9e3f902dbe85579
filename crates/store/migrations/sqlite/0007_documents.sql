-- Files attached to agreements (issue 5). The bytes live in the data directory under their
-- SHA-256 (written to a temporary file, checked, then renamed), so a failed upload leaves
-- neither a row nor a partial file; the row records what was uploaded, by whom, when.

CREATE TABLE agreement_documents (
    id INTEGER PRIMARY KEY,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX agreement_documents_agreement ON agreement_documents (agreement_id, id);
CREATE INDEX agreement_documents_sha ON agreement_documents (sha256);
