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

# Every process of the PostgreSQL cluster (they all run in the data folder).
bench_pg_pids() { sluice_pids_with_cwd "$SLUICE_PG_DATA"; }

# "busy total" jiffies of the whole machine, from /proc/stat (busy leaves out idle and iowait).
bench_machine_ticks() {
    local _cpu user nice system idle iowait irq softirq steal _rest
    read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
    printf '%s %s %s\n' $((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal)) "$iowait"
}

# Writes a snapshot to folder $1: the CPU ticks of the PostgreSQL processes, of the pids given after it, and of
# the machine.
bench_cpu_snapshot() {
    local dir=$1
    shift
    mkdir -p "$dir"
    # shellcheck disable=SC2046
    bench_proc_ticks $(bench_pg_pids) >"$dir/postgres"
    bench_proc_ticks "$@" >"$dir/workers"
    bench_machine_ticks >"$dir/machine"
}

# Seconds of CPU a group ("postgres" or "workers") used between snapshots $1 and $2. A process that started in
# between counts from zero; one that ended in between is missed (the cluster's and workers' stay up).
bench_cpu_seconds() {
    awk -v tck="$BENCH_CLK_TCK" 'NR == FNR { start[$1] = $2; next } { used += $2 - ($1 in start ? start[$1] : 0) }
        END { printf "%.1f\n", used / tck }' "$1/$3" "$2/$3"
}

# "busy% iowait%" of the whole machine (all cores) between snapshots $1 and $2.
bench_machine_load() {
    awk 'NR == 1 { b = $1; t = $2; w = $3; next } { printf "%.0f %.0f\n", 100 * ($1 - b) / ($2 - t), 100 * ($3 - w) / ($2 - t) }' \
        "$1/machine" "$2/machine"
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
