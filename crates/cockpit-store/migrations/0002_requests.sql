-- Data-subject requests. The request itself (with its events) is one JSON document in `data`: that is the
-- state the audit trail records. The other columns are derived from it when it is written, so that
-- lists and dashboards over 100,000 requests are index scans, not JSON parsing.
CREATE TABLE requests (
    id TEXT PRIMARY KEY,                 -- DSR-YYYY-NNNN
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    data TEXT NOT NULL,                  -- DataSubjectRequest as JSON
    regime TEXT NOT NULL,
    request_type TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    open INTEGER NOT NULL,               -- 1 until completed, refused or withdrawn
    received TEXT NOT NULL,              -- local date YYYY-MM-DD
    due TEXT NOT NULL,                   -- as computed on the day of the last write
    safe_due TEXT NOT NULL,
    clock_stopped INTEGER NOT NULL,      -- a wait is running: `due` moves on each day it lasts
    closed_on TEXT,
    on_time INTEGER,
    days_to_close INTEGER,               -- closed_on - received, in days
    requester_name TEXT NOT NULL,
    search_text TEXT NOT NULL,           -- lower-case id, requester, reference, summary
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, number)
);
CREATE INDEX requests_open_due ON requests(open, due);
CREATE INDEX requests_received ON requests(received, request_type);
CREATE INDEX requests_status ON requests(status, due);
-- Covers the dashboard's closing figures (per month, on time, median days) without touching the table.
CREATE INDEX requests_closed ON requests(closed_on, on_time, status, days_to_close) WHERE closed_on IS NOT NULL;

-- Substring search over id, requester, reference and summary: SQLite's own FTS5 trigram index, kept in
-- step with the table by triggers (a search of fewer than three characters scans instead).
CREATE VIRTUAL TABLE requests_search USING fts5(search_text, content = 'requests', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN
    INSERT INTO requests_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER requests_search_delete AFTER DELETE ON requests BEGIN
    INSERT INTO requests_search(requests_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER requests_search_update AFTER UPDATE OF search_text ON requests BEGIN
    INSERT INTO requests_search(requests_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO requests_search(rowid, search_text) VALUES (new.rowid, new.search_text);
END;

-- Public holidays of one establishment that the generated calendars lack (JSON array of {date, name}).
ALTER TABLE establishments ADD COLUMN local_holidays TEXT NOT NULL DEFAULT '[]';
