-- Tags: a few short strings per job, given at enqueue, kept when the job moves to history. GIN indexes serve
-- `tags <> '{}' AND tags @> ARRAY[tag]`, so listings and bulk actions by tag do not scan; they hold tagged jobs
-- only, so an untagged job (the hot path of enqueue and finish) costs no GIN insert. A constant default adds the
-- column without rewriting the table.
ALTER TABLE jobs ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE job_history ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX jobs_tags_idx ON jobs USING gin (tags) WHERE tags <> '{}';
CREATE INDEX job_history_tags_idx ON job_history USING gin (tags) WHERE tags <> '{}';

-- Periodic (cron) jobs. The scheduler locks a due row, enqueues its tick's job and advances next_run_at in one
-- transaction, so each tick is enqueued once however many workers schedule. next_run_at is NULL for a disabled
-- definition or a schedule that never fires again (e.g. 30 February).
CREATE TABLE periodic_jobs (
    name         text        PRIMARY KEY,
    cron         text        NOT NULL,
    time_zone    text        NOT NULL DEFAULT 'UTC',
    kind         text        NOT NULL,
    queue        text        NOT NULL DEFAULT 'default',
    payload      jsonb       NOT NULL DEFAULT '{}',
    priority     smallint    NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL DEFAULT 25 CHECK (max_attempts > 0),
    enabled      boolean     NOT NULL DEFAULT true,
    catch_up     text        NOT NULL DEFAULT 'skip' CHECK (catch_up IN ('skip', 'one')),
    declared_in_code boolean NOT NULL DEFAULT false,
    next_run_at  timestamptz,
    last_run_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX periodic_jobs_due_idx ON periodic_jobs (next_run_at) WHERE enabled AND next_run_at IS NOT NULL;
