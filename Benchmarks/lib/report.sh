# shellcheck shell=bash
# shellcheck disable=SC2016 # backticks here are Markdown, not command substitution
# Results: one tab-separated row per drain in $BENCH_RESULTS, summarised as Markdown for the terminal and for
# docs/benchmarks.md (between marker comments, so the hand-written parts of the page stay as they are).

BENCH_COLUMNS=(scenario run workers concurrency batch jobs history enqueue_rate drain_rate wall_rate startup_s
    worker_cpu_s pg_cpu_s other_cpu_s busy_pct iowait_pct rss_kib)

bench_results_init() {
    (
        IFS=$'\t'
        printf '%s\n' "${BENCH_COLUMNS[*]}"
    ) >"$BENCH_RESULTS"
}

# bench_results_add VALUE... (in the order of BENCH_COLUMNS)
bench_results_add() {
    (
        IFS=$'\t'
        printf '%s\n' "$*"
    ) >>"$BENCH_RESULTS"
}

# The row of scenario $1 whose drain rate is the median of its runs (the lower middle one for an even count).
bench_median_row() {
    awk -F'\t' -v s="$1" 'NR > 1 && $1 == s' "$BENCH_RESULTS" | sort -t$'\t' -k9,9n |
        awk '{ rows[NR] = $0 } END { if (NR) print rows[int((NR + 1) / 2)] }'
}

# Field $2 (a BENCH_COLUMNS name) of tab-separated row $1.
bench_field() {
    local i
    for i in "${!BENCH_COLUMNS[@]}"; do
        if [[ ${BENCH_COLUMNS[$i]} == "$2" ]]; then
            cut -f $((i + 1)) <<<"$1"
            return 0
        fi
    done
    sluice_die "no result column $2"
}

# The drain rates of every run of scenario $1, "a / b / c".
bench_all_rates() {
    awk -F'\t' -v s="$1" 'NR > 1 && $1 == s { printf "%s%s", (n++ ? " / " : ""), $9 } END { print "" }' "$BENCH_RESULTS" |
        bench_group_digits
}

# 1234567 -> 1,234,567 for every run of digits in stdin that is not part of a decimal.
bench_group_digits() {
    sed -E ':a; s/(^|[^0-9.,])([0-9]+)([0-9]{3})/\1\2,\3/; ta'
}

bench_mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# One Markdown table row for scenario $1 (its median run); nothing if it did not run.
bench_scenario_row() {
    local row label=$2
    row=$(bench_median_row "$1")
    [[ -n $row ]] || return 0
    printf '| %s | %s × %s (batch %s) | %s | **%s** | %s | %s | %s | %s / %s / %s | %s%% (iowait %s%%) | %s |\n' \
        "$label" "$(bench_field "$row" workers)" "$(bench_field "$row" concurrency)" "$(bench_field "$row" batch)" \
        "$(bench_field "$row" history | bench_group_digits)" "$(bench_field "$row" drain_rate | bench_group_digits)" \
        "$(bench_all_rates "$1")" "$(bench_field "$row" wall_rate | bench_group_digits)" \
        "$(bench_field "$row" enqueue_rate | bench_group_digits)" \
        "$(bench_field "$row" worker_cpu_s)" "$(bench_field "$row" pg_cpu_s)" "$(bench_field "$row" other_cpu_s)" \
        "$(bench_field "$row" busy_pct)" "$(bench_field "$row" iowait_pct)" "$(bench_mib "$(bench_field "$row" rss_kib)")"
}

bench_table_header() {
    printf '| Scenario | Workers × concurrency | Finished jobs already in `job_history` | Drain, jobs/s (median) | Every run, jobs/s | Incl. worker start-up, jobs/s | Enqueue, jobs/s | CPU s, workers / PostgreSQL / other | Machine busy | Worker RSS, idle after the drain |\n'
    printf '|---|---|---:|---:|---|---:|---:|---|---|---:|\n'
}

bench_verdict() { if [[ $1 == 1 ]]; then printf 'met'; else printf '**not met**'; fi; }

# The "against the targets" table.
bench_targets() {
    local drain history rate hrate diff idle after worst
    drain=$(bench_median_row drain)
    history=$(bench_median_row history)
    printf '| Target | Measured | |\n|---|---|---|\n'
    if [[ -n $drain ]]; then
        rate=$(bench_field "$drain" drain_rate)
        printf '| Drain with one worker process ≥ 20,000 jobs/s | %s jobs/s with %s worker(s) | %s |\n' \
            "$(bench_group_digits <<<"$rate")" "$(bench_field "$drain" workers)" \
            "$(bench_verdict "$(awk -v r="$rate" -v w="$(bench_field "$drain" workers)" 'BEGIN { print (r >= 20000 && w == 1) ? 1 : 0 }')")"
    fi
    if [[ -n $drain && -n $history ]]; then
        hrate=$(bench_field "$history" drain_rate)
        diff=$(awk -v h="$hrate" -v r="$rate" 'BEGIN { printf "%+.1f", 100 * (h - r) / r }')
        printf '| With %s finished jobs in the database, drain within 10%% of the empty case | %s jobs/s vs %s jobs/s: %s%% | %s |\n' \
            "$(bench_field "$history" history | bench_group_digits)" "$(bench_group_digits <<<"$hrate")" \
            "$(bench_group_digits <<<"$rate")" "$diff" "$(bench_verdict "$(awk -v d="$diff" 'BEGIN { print (d >= -10) ? 1 : 0 }')")"
    fi
    idle=$(cat "$BENCH_LOGS/idle_rss_kib" 2>/dev/null || true)
    after=$(awk -F'\t' 'NR > 1 && $17 > m { m = $17 } END { print m + 0 }' "$BENCH_RESULTS")
    if [[ -n $idle || $after != 0 ]]; then
        worst=$(awk -v a="${idle:-0}" -v b="$after" 'BEGIN { print (a > b) ? a : b }')
        printf '| Worker RSS ≤ 64 MiB idle | %s%s | %s |\n' \
            "${idle:+$(bench_mib "$idle") freshly started and idle; }" \
            "$( ((after > 0)) && printf '%s at most, idle after a drain (any scenario)' "$(bench_mib "$after")")" \
            "$(bench_verdict "$(awk -v w="$worst" 'BEGIN { print (w <= 65536) ? 1 : 0 }')")"
    fi
}

bench_results_markdown() {
    printf '_Written by `Benchmarks/run` on %s (`%s`); this section is rewritten on every run._\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$BENCH_COMMAND"
    printf '**Machine**\n\n| | |\n|---|---|\n'
    printf '| CPU | %s, %s cores (`nproc`) |\n' "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" "$(nproc)"
    printf '| Memory | %s |\n' "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    printf '| Kernel | Linux %s%s |\n' "$(uname -r)" "$(command -v systemd-detect-virt >/dev/null && v=$(systemd-detect-virt 2>/dev/null) && printf ', virtualization: %s' "$v")"
    printf '| Disk (PostgreSQL data) | %s |\n' "$(df -PT "$SLUICE_PG_DATA" | awk 'NR == 2 { print $2 " on " $1 }')"
    printf '| PostgreSQL | %s, on the same machine |\n' "$(bench_psql -tA -c 'SHOW server_version')"
    printf '| Swift | %s, release build |\n\n' "$(swift --version 2>&1 | sed -n 's/.*\(Swift version [^ ]*\).*/\1/p' | head -n 1)"
    printf '**Settings**: %s jobs per drain (kind `noop`), enqueued beforehand %s per statement; worker flags `--concurrency %s --batch-size %s` unless the row says otherwise; %s run(s) per scenario, fresh schema each run. PostgreSQL: %s.\n\n' \
        "$(bench_group_digits <<<"$BENCH_JOBS")" "$(bench_group_digits <<<"$BENCH_ENQUEUE_BATCH")" "$BENCH_CONCURRENCY" \
        "$BENCH_BATCH_SIZE" "$BENCH_REPEAT" "$(bench_pg_settings_report | paste -sd ',' - | sed 's/,/, /g')"
    if [[ $BENCH_WORKER_BIN != "$BENCH_BIN/sluice-worker" ]]; then
        printf '**Worker binary**: `%s` (BENCH_WORKER_BIN), not the one built from this tree.\n\n' "$BENCH_WORKER_BIN"
    fi
    printf '**Results**\n\n'
    bench_table_header
    bench_scenario_row drain "drain"
    bench_scenario_row history "history"
    bench_scenario_row drain-w2 "drain, 2 workers"
    bench_scenario_row drain-limit "drain, 3 workers, global limit of $BENCH_LIMIT running"
    printf '\n**Against the targets**\n\n'
    bench_targets
}

bench_sweep_markdown() {
    local entry
    printf '_Written by `Benchmarks/run --sweep` on %s; one worker process, %s jobs, %s run(s) each._\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(bench_group_digits <<<"$BENCH_JOBS")" "$BENCH_SWEEP_REPEAT"
    bench_table_header
    for entry in $BENCH_SWEEP; do
        bench_scenario_row "sweep-$entry" "sweep"
    done
}

# bench_doc_section FILE NAME CONTENT_FILE: replaces what lies between <!-- bench:NAME:start --> and
# <!-- bench:NAME:end --> in FILE with CONTENT_FILE (appending the markers if FILE lacks them).
bench_doc_section() {
    local file=$1 start="<!-- bench:$2:start -->" end="<!-- bench:$2:end -->"
    [[ -f $file ]] || printf '# Benchmarks\n\nRun them with `Benchmarks/run`.\n' >"$file"
    grep -qxF "$start" "$file" || printf '\n%s\n%s\n' "$start" "$end" >>"$file"
    awk -v s="$start" -v e="$end" -v f="$3" '
        $0 == s { print; while ((getline line < f) > 0) print line; skip = 1; next }
        $0 == e { skip = 0 }
        !skip' "$file" >"$file.tmp"
    mv "$file.tmp" "$file"
}
