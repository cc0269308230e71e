-- Seeds the schema :"schema" for Benchmarks/scrape with the data sizes of issue 9: :history finished jobs in
-- job_history (:dlq of them discarded, the dead-letter queue), :due jobs due now in jobs (3 queues x 7 kinds x 2
-- priorities), :scheduled jobs scheduled for tomorrow, 200 running over 4 workers, and :events inbound events of two
-- sources (0.1 % failed). A few INSERT ... SELECT FROM generate_series statements, then VACUUM ANALYZE, so the
-- statistics and the visibility map are those of a settled production table.
SET search_path = :"schema";
SET synchronous_commit = off;

INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, created_at, attempted_at, finished_at)
SELECT 1000000000 + g, (ARRAY['default', 'mail', 'reports'])[g % 3 + 1], 'kind' || g % 7, '{}'::jsonb, 0,
       CASE WHEN g % greatest(:history / greatest(:dlq, 1), 1) = 0 AND g / greatest(:history / greatest(:dlq, 1), 1) <= :dlq
            THEN 'discarded' ELSE 'completed' END,
       1, 25, '[]'::jsonb, t - interval '1 second', t - interval '1 millisecond', t
FROM (SELECT g, now() - make_interval(secs => 72000 * (1 - g::float8 / greatest(:history, 1))) AS t
      FROM generate_series(1, :history) g) s;

INSERT INTO job_counters (queue, kind, completed, discarded)
SELECT queue, kind, count(*) FILTER (WHERE state = 'completed'), count(*) FILTER (WHERE state = 'discarded')
FROM job_history GROUP BY 1, 2;

INSERT INTO jobs (queue, kind, priority, state, run_at, created_at)
SELECT (ARRAY['default', 'mail', 'reports'])[g % 3 + 1], 'kind' || g % 7, g % 2, 'available',
       now() - make_interval(secs => g % 3600), now() - make_interval(secs => g % 3600)
FROM generate_series(1, :due) g;

INSERT INTO jobs (queue, kind, state, run_at)
SELECT (ARRAY['default', 'mail', 'reports'])[g % 3 + 1], 'kind' || g % 7, 'scheduled', now() + interval '1 day'
FROM generate_series(1, :scheduled) g;

INSERT INTO workers (id, hostname, pid, queues, concurrency)
SELECT 'bench-w' || g, 'bench', g, ARRAY['default', 'mail', 'reports'], 100 FROM generate_series(1, 4) g;

INSERT INTO jobs (queue, kind, state, attempt, run_at, locked_by, lease_expires_at, attempted_at)
SELECT (ARRAY['default', 'mail', 'reports'])[g % 3 + 1], 'kind' || g % 7, 'running', 1, now(), 'bench-w' || g % 4 + 1,
       now() + interval '1 hour', now()
FROM generate_series(1, 200) g;

INSERT INTO sources (name, scheme) VALUES ('shop', 'github'), ('billing', 'stripe');
INSERT INTO webhook_events (source_id, external_id, body, status)
SELECT s.id, 'e' || g, '\x7b7d', CASE WHEN g % 1000 = 0 THEN 'failed' WHEN g % 2 = 0 THEN 'processed' ELSE 'received' END
FROM generate_series(1, :events) g JOIN sources s ON s.name = (ARRAY['shop', 'billing'])[g % 2 + 1];

VACUUM ANALYZE job_history;
VACUUM ANALYZE jobs;
VACUUM ANALYZE job_counters;
VACUUM ANALYZE workers;
VACUUM ANALYZE webhook_events;
