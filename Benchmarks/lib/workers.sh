# shellcheck shell=bash
# The sluice-worker processes of a drain: started in the background, stopped with SIGTERM (as a deployment
# stops them), killed only if they do not exit in time.

BENCH_WORKER_PIDS=()

# bench_workers_start COUNT CONCURRENCY BATCH LOG_PREFIX: starts COUNT workers on the current schema, each
# with its own metrics port; logs go to LOG_PREFIX-<n>.log.
bench_workers_start() {
    local count=$1 concurrency=$2 batch=$3 logs=$4 i port ports=()
    for ((i = 1; i <= count; i++)); do
        port=$(sluice_free_port 18100 "${ports[@]}")
        ports+=("$port")
        LOG_LEVEL=warning "$BENCH_WORKER_BIN" --host 127.0.0.1 --port "$port" \
            --concurrency "$concurrency" --batch-size "$batch" >"$logs-$i.log" 2>&1 &
        BENCH_WORKER_PIDS+=("$!")
    done
}

# Waits until all started workers have registered (their heartbeat row exists), at most $1 seconds.
bench_workers_wait_registered() {
    local deadline=$((SECONDS + $1)) registered
    while :; do
        registered=$(bench_psql -tA -c "SELECT count(*) FROM \"$SLUICE_DB_SCHEMA\".workers")
        ((registered >= ${#BENCH_WORKER_PIDS[@]})) && return 0
        bench_workers_check_alive
        ((SECONDS < deadline)) || sluice_die "workers did not register within $1 s"
        sluice_poll_pause
    done
}

# Dies (showing its log) if a started worker has exited.
bench_workers_check_alive() {
    local pid
    for pid in "${BENCH_WORKER_PIDS[@]}"; do
        if ! sluice_pid_alive "$pid"; then
            tail -n 20 "$BENCH_LOGS"/*worker*.log >&2 || true
            sluice_die "worker $pid exited early (logs above)"
        fi
    done
}

bench_workers_stop() {
    local pid
    ((${#BENCH_WORKER_PIDS[@]} > 0)) || return 0
    for pid in "${BENCH_WORKER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${BENCH_WORKER_PIDS[@]}"; do
        if ! sluice_wait_gone "$pid" 30; then
            sluice_warn "worker $pid did not stop within 30 s of SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    BENCH_WORKER_PIDS=()
}
