# shellcheck shell=bash
# Measurements taken from /proc: CPU time of processes and of the machine, and resident memory.

BENCH_CLK_TCK=$(getconf CLK_TCK)

# "pid ticks" (user + system CPU, in clock ticks) for each live process given.
bench_proc_ticks() {
    local pid stat fields
    for pid in "$@"; do
        read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
        # Fields after "pid (comm) "; the command name may hold spaces, so cut at the last ')'.
        read -ra fields <<<"${stat##*) }"
        printf '%s %s\n' "$pid" $((fields[11] + fields[12]))
    done
}

# "children-PID ticks": CPU of the children process $1 has waited for. The postmaster waits for its backends and
# autovacuum workers, so this counts the ones that ended between two snapshots.
bench_proc_child_ticks() {
    local stat fields
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
    read -ra fields <<<"${stat##*) }"
    printf 'children-%s %s\n' "$1" $((fields[13] + fields[14]))
}

# Every process of the PostgreSQL cluster (they all run in the data folder).
bench_pg_pids() { sluice_pids_with_cwd "$SLUICE_PG_DATA"; }

# CPU ticks of this script's finished children (the sluice-bench steps, such as wait-drained's polling), from the
# shell's `times`; run in this shell, not in a subshell, or it counts the subshell's children.
bench_harness_ticks() {
    local line
    times >"$1.times"
    line=$(sed -n 2p "$1.times")
    awk -v tck="$BENCH_CLK_TCK" -v line="$line" 'BEGIN {
        n = split(line, t, " "); total = 0
        for (i = 1; i <= n; i++) { split(t[i], p, "m"); sub("s", "", p[2]); total += p[1] * 60 + p[2] }
        printf "harness %d\n", total * tck }' >"$1"
    rm -f "$1.times"
}

# "busy total" jiffies of the whole machine, from /proc/stat (busy leaves out idle and iowait).
bench_machine_ticks() {
    local _cpu user nice system idle iowait irq softirq steal _rest
    read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
    printf '%s %s %s\n' $((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal)) "$iowait"
}

# Writes a snapshot to folder $1: the CPU ticks of the PostgreSQL processes, of the pids given after it (the
# workers), of this script's finished children, and of the machine.
bench_cpu_snapshot() {
    local dir=$1
    shift
    mkdir -p "$dir"
    # shellcheck disable=SC2046
    bench_proc_ticks $(bench_pg_pids) >"$dir/postgres"
    bench_proc_child_ticks "$(head -n 1 "$SLUICE_PG_DATA/postmaster.pid")" >>"$dir/postgres"
    bench_proc_ticks "$@" >"$dir/workers"
    bench_harness_ticks "$dir/harness"
    bench_machine_ticks >"$dir/machine"
}

# Seconds of CPU a group ("postgres", "workers" or "harness") used between snapshots $1 and $2. A process that
# started in between counts from zero; PostgreSQL processes that ended in between count through the postmaster.
bench_cpu_seconds() {
    awk -v tck="$BENCH_CLK_TCK" 'FILENAME == ARGV[1] { start[$1] = $2; next } { used += $2 - ($1 in start ? start[$1] : 0) }
        END { printf "%.1f\n", used / tck }' "$1/$3" "$2/$3"
}

# "busy% iowait% busy-seconds capacity-seconds" of the whole machine (all cores) between snapshots $1 and $2.
bench_machine_load() {
    awk -v tck="$BENCH_CLK_TCK" 'NR == 1 { b = $1; t = $2; w = $3; next }
        { printf "%.0f %.0f %.2f %.2f\n", 100 * ($1 - b) / ($2 - t), 100 * ($3 - w) / ($2 - t), ($1 - b) / tck, ($2 - t) / tck }' \
        "$1/machine" "$2/machine"
}

# Waits (at most $1 seconds) until the machine is quiet: at most BENCH_QUIET_BUSY percent busy over one
# second. Other people's builds on a shared machine would otherwise take CPU from the drain.
bench_wait_quiet() {
    local limit=$1 threshold=${BENCH_QUIET_BUSY:-15} deadline before after busy noted=0
    deadline=$((SECONDS + limit))
    while :; do
        before=$(bench_machine_ticks)
        sleep 1
        after=$(bench_machine_ticks)
        busy=$(awk -v a="$before" -v b="$after" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')
        ((busy <= threshold)) && return 0
        if ((SECONDS >= deadline)); then
            sluice_warn "the machine is still ${busy}% busy after ${limit} s of waiting; measuring anyway (see the other-CPU column)"
            return 0
        fi
        ((noted)) || sluice_note "waiting for the machine to go quiet (${busy}% busy; other processes are using the CPU)"
        noted=1
    done
}

# Resident memory of process $1 in KiB (VmRSS), empty if it is gone.
bench_rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# The largest VmRSS (KiB) among the given processes, sampled for $1 seconds every quarter second, as seen at
# the last sample: the resident memory of processes that have been idle that long.
bench_idle_rss_kib() {
    local seconds=$1 deadline pid rss max
    shift
    deadline=$(($(date +%s%N) + seconds * 1000000000))
    while :; do
        max=0
        for pid in "$@"; do
            rss=$(bench_rss_kib "$pid")
            [[ -n $rss ]] && ((rss > max)) && max=$rss
        done
        (($(date +%s%N) >= deadline)) && break
        sleep 0.25
    done
    printf '%s\n' "$max"
}
