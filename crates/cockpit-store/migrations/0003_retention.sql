-- Retention: the organisation's datastores, the rules that enforce the record's retention periods on
-- them, legal holds, and the evidence of every run. Each row's JSON `data` is the state the audit trail
-- records; other columns are for lookups. Passwords are never stored here (OS keyring).
CREATE TABLE datastores (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                  -- sqlite | postgres | mysql | folder
    url TEXT NOT NULL,                   -- without password
    has_secret INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE retention_rules (
    name TEXT PRIMARY KEY,
    datastore TEXT NOT NULL REFERENCES datastores(name),
    data TEXT NOT NULL,                  -- RetentionRule as JSON
    version INTEGER NOT NULL,            -- +1 on every change; approval is for one version
    approved_version INTEGER,
    approved_at TEXT,
    approved_by TEXT,
    approved_plan TEXT,                  -- the plan shown at approval (JSON)
    enabled_since TEXT NOT NULL,         -- schedule slots before this are not owed
    last_slot TEXT,                      -- the last scheduled slot that was run
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE retention_holds (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL,                  -- LegalHold as JSON
    rule TEXT,                           -- for rule and key holds
    activity TEXT,                       -- for activity holds
    active INTEGER NOT NULL,             -- 0 once released or expired (and the expiry audited)
    until TEXT
);
CREATE INDEX retention_holds_rule ON retention_holds(rule, active);

CREATE TABLE retention_runs (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL REFERENCES retention_rules(name),
    rule_version INTEGER NOT NULL,
    rule_data TEXT NOT NULL,             -- the rule as run (JSON)
    trigger TEXT NOT NULL,               -- manual | schedule
    slot TEXT,                           -- the scheduled slot this run serves
    cutoff TEXT NOT NULL,                -- fixed when the run starts
    planned INTEGER NOT NULL,
    held INTEGER NOT NULL,
    status TEXT NOT NULL,                -- running | completed | cancelled | failed | held
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER,
    resume_after TEXT,                   -- JSON key after which to continue
    next_batch INTEGER NOT NULL DEFAULT 1,
    pending TEXT,                        -- JSON BatchIntent written before a batch commits on the target
    affected INTEGER NOT NULL DEFAULT 0,
    batches INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '[]',
    digest TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,                    -- host:pid:nonce of the process running it
    lease_until TEXT,
    resumed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX retention_runs_rule ON retention_runs(rule, id);
-- At most one unfinished run per rule, across processes.
CREATE UNIQUE INDEX retention_runs_one_running ON retention_runs(rule) WHERE status = 'running';

CREATE TABLE retention_batches (
    run_id INTEGER NOT NULL REFERENCES retention_runs(id),
    n INTEGER NOT NULL,
    first_key TEXT,
    last_key TEXT,
    count INTEGER NOT NULL,
    held INTEGER NOT NULL,
    digest TEXT NOT NULL,
    ms INTEGER NOT NULL,
    recovered INTEGER NOT NULL,
    committed_at TEXT NOT NULL,
    PRIMARY KEY (run_id, n)
);
