-- The intents of a retention run's batches that may have committed on the target and are not
-- confirmed yet: one row per batch (JSON BatchIntent, with the batch's keys), written durably before
-- the batch commits on the target and removed with its confirmation. A run may have several at once
-- (its confirmations wait until the target's commits are durable). The single `pending` column of
-- retention_runs is still read, for runs interrupted before this table existed.
CREATE TABLE retention_intents (
    run_id INTEGER NOT NULL REFERENCES retention_runs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, n)
) WITHOUT ROWID;
