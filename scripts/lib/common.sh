# shellcheck shell=bash
# Helpers shared by scripts/dev and scripts/test. Source it; it defines functions and SLUICE_ROOT only.

# shellcheck disable=SC2034 # used by the files that source this one
SLUICE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Progress lines go to stderr so that stdout stays free for whatever the caller prints.
sluice_step() { printf '==> %s\n' "$*" >&2; }
sluice_note() { printf '    %s\n' "$*" >&2; }
sluice_warn() { printf 'warning: %s\n' "$*" >&2; }
sluice_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Sleep between two polls of a condition. Every wait in these scripts is a poll loop with a deadline.
sluice_poll_pause() { sleep 0.1; }

# True if nothing listens on (or holds) TCP port $1 on the loopback interface.
sluice_port_is_free() {
    local port=$1
    if command -v python3 >/dev/null 2>&1; then
        # Binding is the real test: it also fails when a server holds the port on 0.0.0.0. SO_REUSEADDR, as
        # PostgreSQL and the services set it, so that connections in TIME_WAIT do not make a port look taken.
        python3 - "$port" 2>/dev/null <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
    elif command -v ss >/dev/null 2>&1; then
        [[ -z $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
    else
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prints the first free loopback port at or above $1 that is not among the remaining arguments.
sluice_free_port() {
    local port=$1 taken
    shift
    local limit=$((port + 200))
    while ((port < limit && port <= 65535)); do
        taken=0
        for t in "$@"; do [[ $t == "$port" ]] && taken=1; done
        if ((taken == 0)) && sluice_port_is_free "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
        port=$((port + 1))
    done
    sluice_die "no free TCP port found between $1 and $((limit - 1))"
}

# The command line of process $1 with NULs turned into spaces (empty if it does not exist).
sluice_cmdline() {
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# PIDs of the processes whose working directory is $1 (a PostgreSQL server and all its children chdir
# into their data folder, so this finds a cluster's processes, even orphans of a killed postmaster).
sluice_pids_with_cwd() {
    local dir p
    dir=$(readlink -f "$1") || return 0
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/cwd" 2>/dev/null) == "$dir" ]] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}

# True while process $1 exists and is not a zombie.
sluice_pid_alive() {
    local stat
    # No command substitution here: it runs in loops that a Ctrl-C interrupts.
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat=${stat##*) }
    [[ -n $stat && ${stat%% *} != Z ]]
}

# Waits until process $1 is gone; false after $2 seconds.
sluice_wait_gone() {
    local pid=$1 deadline=$((SECONDS + $2))
    while sluice_pid_alive "$pid"; do
        ((SECONDS < deadline)) || return 1
        sluice_poll_pause
    done
}

# Sets SLUICE_SWIFT_FLAGS to the swift build flags for SLUICE_BUILD (debug, the default, or release).
sluice_swift_config() {
    case ${SLUICE_BUILD:-debug} in
        debug) SLUICE_SWIFT_FLAGS=() ;;
        release) SLUICE_SWIFT_FLAGS=(-c release) ;;
        *) sluice_die "SLUICE_BUILD must be debug or release (got '${SLUICE_BUILD}')" ;;
    esac
}

sluice_require_swift() {
    command -v swift >/dev/null 2>&1 ||
        sluice_die "swift is not on PATH; install a Swift 6.2+ toolchain (https://www.swift.org/install/linux/)"
}
