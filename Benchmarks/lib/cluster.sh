# shellcheck shell=bash
# The benchmark's PostgreSQL: a throwaway cluster from scripts/lib/postgres.sh (a fresh temp folder on a free
# loopback port, deleted on exit), switched back to durable settings, because a benchmark should show what a
# real deployment gets: fsync, synchronous_commit and full_page_writes on (the test cluster turns them off).
#
#   bench_pg_start     # starts it; exports DATABASE_URL
#   bench_pg_stop      # stops and deletes it; safe to call twice

# shellcheck source=scripts/lib/postgres.sh
source "$BENCH_ROOT/scripts/lib/postgres.sh"

# Settings on top of PostgreSQL's defaults (ALTER SYSTEM, so they win over the test cluster's sluice.conf).
# shared_buffers and max_wal_size are the usual first tuning of a dedicated database server; everything else,
# durability included, is PostgreSQL's default.
BENCH_PG_SETTINGS=(
    "fsync = on"
    "synchronous_commit = on"
    "full_page_writes = on"
    "shared_buffers = '1GB'"
    "max_wal_size = '4GB'"
)

bench_pg_start() {
    sluice_pg_start test
    local setting
    for setting in "${BENCH_PG_SETTINGS[@]}"; do
        sluice_pg_psql postgres -c "ALTER SYSTEM SET ${setting}"
    done
    if ((BENCH_PROFILE == 1)); then
        sluice_pg_psql postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
    fi
    # shared_buffers and shared_preload_libraries take a restart; pg_ctl -w waits until it accepts connections.
    sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" restart -D "$SLUICE_PG_DATA" -l "$SLUICE_PG_LOG" -m fast -w -t 120 >/dev/null ||
        sluice_die "restarting PostgreSQL with the benchmark settings failed; see $SLUICE_PG_LOG"
    local deadline=$((SECONDS + 60))
    until "$SLUICE_PG_BIN/pg_isready" -q -d "$(sluice_pg_conninfo)"; do
        ((SECONDS < deadline)) || sluice_die "PostgreSQL did not come back after the restart; see $SLUICE_PG_LOG"
        sluice_poll_pause
    done
    [[ $(sluice_pg_psql postgres -tA -c "SHOW fsync") == on ]] || sluice_die "fsync is not on after the restart"
}

bench_pg_stop() { sluice_pg_stop; }

# psql on the benchmark database; extra arguments as for psql.
bench_psql() { sluice_pg_psql sluice "$@"; }

# Drops the current scenario's schema (SLUICE_DB_SCHEMA) and everything in it.
bench_drop_schema() {
    bench_psql -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS \"$SLUICE_DB_SCHEMA\" CASCADE"
}

# The server's settings that matter for the numbers, one "name = value" per line.
bench_pg_settings_report() {
    bench_psql -tA -F ' = ' -c "SELECT name, current_setting(name) FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size', 'wal_level',
                       'checkpoint_timeout', 'max_connections', 'work_mem', 'autovacuum')
        ORDER BY name"
}
