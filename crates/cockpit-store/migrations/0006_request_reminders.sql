-- Reminders of due dates already shown on this installation: one row per request, due date and
-- threshold (days before the due date, or -1 once overdue). A due date that moves starts afresh.
CREATE TABLE request_reminders (
    request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    due TEXT NOT NULL,                   -- YYYY-MM-DD
    threshold INTEGER NOT NULL,
    sent_at TEXT NOT NULL,               -- UTC, RFC 3339
    PRIMARY KEY (request_id, due, threshold)
) WITHOUT ROWID;
