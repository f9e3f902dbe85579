-- The cooperation registry. Each entity keeps its whole document in `data` (JSON) and
-- projects the columns that lists filter and sort on; link tables are projections too,
-- rebuilt on every write, so foreign keys guard references that live inside documents.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    country TEXT NOT NULL,
    kind TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_name ON organisations (name_sort, id);
CREATE INDEX organisations_country ON organisations (country, name_sort, id);

CREATE TABLE memberships (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    alliance_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL
);
CREATE INDEX memberships_alliance ON memberships (alliance_id);
CREATE INDEX memberships_org ON memberships (organisation_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    email TEXT UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_org ON people (organisation_id);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    supplier_id BIGINT NOT NULL REFERENCES organisations (id),
    published BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX products_name ON products (name_sort, id);
CREATE INDEX products_supplier ON products (supplier_id, id);

CREATE TABLE product_codes (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    code TEXT NOT NULL
);
CREATE INDEX product_codes_code ON product_codes (code, product_id);
CREATE INDEX product_codes_product ON product_codes (product_id);

CREATE TABLE product_countries (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    country TEXT NOT NULL
);
CREATE INDEX product_countries_country ON product_countries (country, product_id);
CREATE INDEX product_countries_product ON product_countries (product_id);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    direction TEXT NOT NULL,
    cooperation_type TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opportunities_name ON opportunities (name_sort, id);
CREATE INDEX opportunities_org ON opportunities (organisation_id, id);
CREATE INDEX opportunities_status_deadline ON opportunities (status, deadline);

CREATE TABLE opportunity_codes (
    opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    code TEXT NOT NULL
);
CREATE INDEX opportunity_codes_code ON opportunity_codes (code, opportunity_id);
CREATE INDEX opportunity_codes_opp ON opportunity_codes (opportunity_id);

CREATE TABLE opportunity_countries (
    opportunity_id BIGINT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    country TEXT NOT NULL
);
CREATE INDEX opportunity_countries_country ON opportunity_countries (country, opportunity_id);
CREATE INDEX opportunity_countries_opp ON opportunity_countries (opportunity_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    parent_id BIGINT REFERENCES events (id),
    kind TEXT NOT NULL,
    country TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_parent ON events (parent_id);

CREATE TABLE event_organisers (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL
);
CREATE INDEX event_organisers_event ON event_organisers (event_id);
CREATE INDEX event_organisers_org ON event_organisers (organisation_id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    name_sort TEXT NOT NULL,
    search TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    event_id BIGINT REFERENCES events (id),
    signed_on TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreements_event ON agreements (event_id);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT
);
CREATE INDEX agreement_parties_agreement ON agreement_parties (agreement_id);
CREATE INDEX agreement_parties_org ON agreement_parties (organisation_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
