-- Finished jobs: completed, cancelled and discarded (the dead-letter queue). Pruned by retention.
CREATE TABLE job_history (
    id           bigint      PRIMARY KEY,
    queue        text        NOT NULL,
    kind         text        NOT NULL,
    payload      jsonb       NOT NULL,
    priority     smallint    NOT NULL,
    state        text        NOT NULL CHECK (state IN ('completed', 'cancelled', 'discarded')),
    attempt      integer     NOT NULL,
    max_attempts integer     NOT NULL,
    errors       jsonb       NOT NULL,
    unique_key   text,
    created_by   text,
    created_at   timestamptz NOT NULL,
    attempted_at timestamptz,
    finished_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_history_finished_idx ON job_history (state, finished_at);

-- Totals that must survive pruning (monotonic counters for metrics).
CREATE TABLE job_counters (
    queue     text   NOT NULL,
    kind      text   NOT NULL,
    completed bigint NOT NULL DEFAULT 0,
    cancelled bigint NOT NULL DEFAULT 0,
    discarded bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (queue, kind)
);
