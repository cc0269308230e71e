-- Run-time controls of the queue, per queue (kind '') or per kind within a queue: paused (workers claim none of
-- its jobs; running ones finish) and a global limit on running jobs (enforced by the claim, which locks the row).
-- A row with neither is deleted, so a queue without a row is claimed by the fast statement of 0001.
CREATE TABLE queue_controls (
    queue       text        NOT NULL,
    kind        text        NOT NULL DEFAULT '',
    paused      boolean     NOT NULL DEFAULT false,
    paused_at   timestamptz,
    max_running integer     CHECK (max_running > 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (queue, kind)
);

-- Running jobs by queue and kind: a limited claim counts a queue's or kind's running jobs here, in proportion to
-- them (at most the limit), never to the backlog. It replaces jobs_lease_idx (0001), which held the same rows: the
-- rescuer and lease renewal read all running jobs, as few as the workers' concurrency, so the claim keeps
-- writing one index entry per claimed job, not two.
CREATE INDEX jobs_running_idx ON jobs (queue, kind, lease_expires_at) WHERE state = 'running';
DROP INDEX jobs_lease_idx;

-- Serves claims of a queue in which a kind is paused or limited: one walk per kind, so a paused kind's backlog is
-- never read past.
CREATE INDEX jobs_claim_kind_idx ON jobs (queue, kind, priority, run_at, id) WHERE state IN ('available', 'scheduled', 'retryable');

-- A per-job run-time limit: a handler still running after it is cancelled and the attempt fails.
ALTER TABLE jobs ADD COLUMN timeout_seconds integer CHECK (timeout_seconds > 0);
ALTER TABLE job_history ADD COLUMN timeout_seconds integer, ADD COLUMN result jsonb;

-- Lines a handler logged while it ran, kept as long as finished jobs are (pruned by age with job_history).
CREATE TABLE job_logs (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id  bigint      NOT NULL,
    attempt integer     NOT NULL,
    at      timestamptz NOT NULL,
    message text        NOT NULL
);
CREATE INDEX job_logs_job_idx ON job_logs (job_id, id);
CREATE INDEX job_logs_at_idx ON job_logs (at);
