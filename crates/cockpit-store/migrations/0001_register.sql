-- The record of processing activities (GDPR Art. 30), its vocabularies, and the audit trail.
-- Timestamps are RFC 3339 text in UTC; dates are YYYY-MM-DD text.

CREATE TABLE organisation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL                      -- JSON of the profile fields (establishments excluded)
);

CREATE TABLE establishments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    country TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    main INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL
);

-- Vocabularies: one table each, referenced by id from activities so a rename follows everywhere.
CREATE TABLE data_subject_categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE data_categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('ordinary', 'special', 'criminal')),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE recipients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
    processor INTEGER NOT NULL DEFAULT 0,
    country TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE systems (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    hosting_country TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT ''
);
CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('technical', 'organisational')),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE parties (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    contact TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    dpo TEXT NOT NULL DEFAULT ''
);

CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,            -- creation order, for the next "PA-NNNN"
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('controller', 'joint_controller', 'processor')),
    purposes TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings, in order
    lawful_bases TEXT NOT NULL DEFAULT '[]',-- JSON array of lawful-basis codes, in order
    lia_reference TEXT NOT NULL DEFAULT '',
    special_category_condition TEXT,
    criminal_data INTEGER NOT NULL DEFAULT 0,
    data_source TEXT NOT NULL DEFAULT '',
    automated_decision INTEGER NOT NULL DEFAULT 0,
    automated_decision_logic TEXT NOT NULL DEFAULT '',
    dpia_required INTEGER NOT NULL DEFAULT 0,
    dpia_reference TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
    next_review TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Derived, not register content: the completeness score as of `scored_on`, and the lower-cased
    -- text the register search looks in. Recomputed by the API; never audited.
    score INTEGER NOT NULL DEFAULT 0,
    scored_on TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE activity_data_subjects (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category_id INTEGER NOT NULL REFERENCES data_subject_categories(id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
CREATE TABLE activity_data_categories (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    category_id INTEGER NOT NULL REFERENCES data_categories(id) ON DELETE RESTRICT,
    retention_amount INTEGER,
    retention_unit TEXT CHECK (retention_unit IN ('days', 'months', 'years')),
    retention_trigger TEXT NOT NULL DEFAULT '',
    retention_criteria TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, position),
    CHECK ((retention_amount IS NULL) = (retention_unit IS NULL))
) WITHOUT ROWID;
CREATE TABLE activity_recipients (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    recipient_id INTEGER NOT NULL REFERENCES recipients(id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
CREATE TABLE activity_measures (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
CREATE TABLE activity_systems (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
CREATE TABLE activity_parties (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
CREATE TABLE activity_transfers (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    country TEXT NOT NULL,
    recipient_id INTEGER REFERENCES recipients(id) ON DELETE RESTRICT,
    mechanism TEXT,
    safeguards TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, position)
) WITHOUT ROWID;
-- Link tables are keyed by (activity, position) and stored WITHOUT ROWID: one B-tree each instead of a
-- table plus an index. They have no index on the vocabulary side: "which activities use this entry"
-- (a rename or a refused delete) is rare and a scan answers it in milliseconds, while every index would
-- be paid on each write of every activity (a 10,000-activity import writes about 250,000 link rows).

-- The audit trail: append-only hash chain. hash = SHA-256(prev_hash || canonical entry), see audit.rs.
-- Every version of every register object is its `after` JSON: the trail is also the history.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_log_at ON audit_log(at);

-- The chain's head, written in the same transaction as each entry, so that deleting the newest
-- entries (which leaves a chain that still links) is detected too.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

-- Settings that are not register content (UI language, theme, ...).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
