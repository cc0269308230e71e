# shellcheck shell=bash
# A throwaway local PostgreSQL for scripts/dev and scripts/test. Source it, then:
#
#   sluice_pg_start dev    # persistent cluster in .sluice/pg-dev, reused across runs
#   sluice_pg_start test   # fresh cluster in a temp folder, tuned for speed, deleted by sluice_pg_stop
#   ...                    # DATABASE_URL is exported: postgres://sluice:sluice@127.0.0.1:<port>/sluice?sslmode=disable
#   sluice_pg_stop         # stops the server (and deletes a test cluster); safe to call twice
#
# The server listens on 127.0.0.1 only, on a free port picked on every start, with trust authentication
# (the role `sluice` is a superuser, so tests can create and drop schemas). Nothing here touches a system
# PostgreSQL that may already be running. As root, the server runs as the `postgres` system user, because
# initdb and postgres refuse to run as root.
#
# Settings (environment, all optional):
#   SLUICE_PG_BINDIR         folder holding initdb, pg_ctl, postgres, pg_isready, psql (found automatically)
#   SLUICE_PG_FIRST_PORT     first port to try for the dev cluster (default 54320)
#   SLUICE_PG_START_TIMEOUT  seconds to wait for the server to accept connections (default 60)

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SLUICE_PG_BIN=""     # folder of the PostgreSQL binaries
SLUICE_PG_MODE=""    # dev or test
SLUICE_PG_BASE=""    # folder we own: the test temp folder, or .sluice for dev
SLUICE_PG_DATA=""    # PGDATA
SLUICE_PG_LOG=""     # server log
SLUICE_PG_PORT=""    # port of the running server
SLUICE_PG_RUNNING=0

# Runs a PostgreSQL server-side program (initdb, pg_ctl) as the user that owns the cluster, from a folder
# that user can read.
sluice_pg_run() {
    if ((EUID == 0)); then
        (cd / && LC_ALL=C runuser -u postgres -- "$@")
    else
        (cd / && LC_ALL=C "$@")
    fi
}

# Runs a shell test ("test -x DIR") as the cluster's user.
sluice_pg_user_can() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- test "$@") 2>/dev/null
    else
        test "$@"
    fi
}

sluice_pg_owner() {
    if ((EUID == 0)); then printf 'postgres\n'; else id -un; fi
}

# Prints the first folder holding a complete set of PostgreSQL binaries, preferring major version $1.
sluice_pg_find_bindir() {
    local want=${1:-} dir candidates=()
    [[ -n ${SLUICE_PG_BINDIR:-} ]] && candidates+=("$SLUICE_PG_BINDIR")
    [[ -n $want ]] && candidates+=("/usr/lib/postgresql/$want/bin")
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null) && candidates+=("$dir")
    fi
    # Debian/Ubuntu install each major version side by side; newest first.
    while IFS= read -r dir; do
        candidates+=("$dir")
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
    if command -v initdb >/dev/null 2>&1; then
        candidates+=("$(dirname "$(command -v initdb)")")
    fi
    for dir in "${candidates[@]}"; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres && -x $dir/pg_isready && -x $dir/psql ]]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    return 1
}

# Finds (as root: installs if missing) the PostgreSQL binaries and, as root, the postgres system user.
sluice_pg_tools() {
    if ! SLUICE_PG_BIN=$(sluice_pg_find_bindir); then
        if ((EUID != 0)); then
            sluice_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; install them with: sudo apt-get install postgresql"
        fi
        command -v apt-get >/dev/null 2>&1 ||
            sluice_die "PostgreSQL server binaries not found and apt-get is unavailable; install PostgreSQL and set SLUICE_PG_BINDIR"
        sluice_step "installing PostgreSQL (apt-get install postgresql)"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        SLUICE_PG_BIN=$(sluice_pg_find_bindir) ||
            sluice_die "apt-get installed postgresql but initdb/pg_ctl/postgres are still not found"
    fi
    if ((EUID == 0)); then
        command -v runuser >/dev/null 2>&1 || sluice_die "running as root needs runuser (util-linux) to start PostgreSQL as user postgres"
        if ! id -u postgres >/dev/null 2>&1; then
            sluice_step "creating system user postgres (initdb and postgres refuse to run as root)"
            if getent group postgres >/dev/null 2>&1; then
                useradd --system --gid postgres --no-create-home --home-dir /var/lib/postgresql --shell /bin/sh postgres
            else
                useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/sh postgres
            fi
        fi
    fi
}

# Makes folder $1 (mode $2) owned by the cluster's user.
sluice_pg_mkdir() {
    mkdir -p "$1"
    chmod "$2" "$1"
    if ((EUID == 0)); then chown postgres:postgres "$1"; fi
}

# Empty log file $1 that the server's user can append to; the previous one is kept as $1.prev.
sluice_pg_fresh_log() {
    [[ -f $1 ]] && mv -f "$1" "$1.prev"
    : >"$1"
    chmod 0640 "$1"
    if ((EUID == 0)); then chown postgres:postgres "$1"; fi
}

# Chooses SLUICE_PG_BASE, SLUICE_PG_DATA and SLUICE_PG_LOG for the mode.
sluice_pg_layout() {
    case $SLUICE_PG_MODE in
        test)
            SLUICE_PG_BASE=$(mktemp -d /tmp/sluice-pg-test.XXXXXX)
            if ((EUID == 0)); then chown postgres:postgres "$SLUICE_PG_BASE"; fi
            SLUICE_PG_DATA=$SLUICE_PG_BASE/data
            SLUICE_PG_LOG=$SLUICE_PG_BASE/postgres.log
            ;;
        dev)
            SLUICE_PG_BASE=$SLUICE_ROOT/.sluice
            mkdir -p "$SLUICE_PG_BASE/logs"
            if ((EUID == 0)); then
                chmod 0755 "$SLUICE_PG_BASE" "$SLUICE_PG_BASE/logs"
                if ! sluice_pg_user_can -x "$SLUICE_PG_BASE/logs"; then
                    # A parent of the checkout (say /root) is private: keep the cluster where postgres can reach it.
                    SLUICE_PG_BASE=/var/tmp/sluice-dev-$(printf '%s' "$SLUICE_ROOT" | cksum | cut -d' ' -f1)
                    mkdir -p "$SLUICE_PG_BASE/logs"
                    chmod 0755 "$SLUICE_PG_BASE" "$SLUICE_PG_BASE/logs"
                    sluice_note "user postgres cannot reach $SLUICE_ROOT, so the dev cluster lives in $SLUICE_PG_BASE"
                fi
            fi
            SLUICE_PG_DATA=$SLUICE_PG_BASE/pg-dev
            SLUICE_PG_LOG=$SLUICE_PG_BASE/logs/postgres.log
            ;;
        *) sluice_die "sluice_pg_start: mode must be dev or test (got '$SLUICE_PG_MODE')" ;;
    esac
}

# The connection string our own client calls use (explicit, so PG* variables of the caller cannot interfere).
sluice_pg_conninfo() {
    printf 'host=127.0.0.1 port=%s user=sluice dbname=%s sslmode=disable connect_timeout=5\n' "$SLUICE_PG_PORT" "${1:-postgres}"
}

sluice_pg_psql() {
    local db=$1
    shift
    "$SLUICE_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$(sluice_pg_conninfo "$db")" "$@"
}

# Creates the cluster in SLUICE_PG_DATA: bootstrap superuser `sluice`, trust authentication, UTF-8, C locale.
sluice_pg_initdb() {
    sluice_step "creating PostgreSQL cluster in $SLUICE_PG_DATA"
    rm -rf "$SLUICE_PG_DATA"
    sluice_pg_mkdir "$SLUICE_PG_DATA" 0700
    sluice_pg_run "$SLUICE_PG_BIN/initdb" -D "$SLUICE_PG_DATA" -U sluice --auth=trust -E UTF8 --locale=C \
        >"$SLUICE_PG_BASE/initdb.log" 2>&1 || {
        cat "$SLUICE_PG_BASE/initdb.log" >&2
        sluice_die "initdb failed (log above)"
    }
    rm -f "$SLUICE_PG_BASE/initdb.log"
    # Settings that change per run (the port) or per mode live in sluice.conf, rewritten on every start.
    printf "\n# Added by scripts/lib/postgres.sh\ninclude_if_exists = 'sluice.conf'\n" >>"$SLUICE_PG_DATA/postgresql.conf"
    : >"$SLUICE_PG_DATA/sluice-initialized"
}

sluice_pg_write_conf() {
    local socket_dir=$SLUICE_PG_DATA
    # Unix socket paths are limited to about 107 bytes.
    ((${#socket_dir} > 80)) && socket_dir=/tmp
    {
        printf '# Written by scripts/lib/postgres.sh on every start; edits are lost.\n'
        printf "listen_addresses = '127.0.0.1'\n"
        printf 'port = %s\n' "$SLUICE_PG_PORT"
        printf "unix_socket_directories = '%s'\n" "${socket_dir//\'/\'\'}"
        printf "cluster_name = 'sluice-%s'\n" "$SLUICE_PG_MODE"
        if [[ $SLUICE_PG_MODE == test ]]; then
            # Tests spawn many processes, each with a pool. Durability does not matter for a cluster deleted at exit.
            printf 'max_connections = 300\nshared_buffers = 128MB\n'
            printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'
        else
            printf 'max_connections = 200\nshared_buffers = 256MB\n'
        fi
    } >"$SLUICE_PG_DATA/sluice.conf"
    if ((EUID == 0)); then chown postgres:postgres "$SLUICE_PG_DATA/sluice.conf"; fi
}

# Deals with a postmaster.pid left behind by an earlier run: stops a server of ours still running from it
# (its script was killed), or waits for the orphaned children of a killed postmaster to go away.
sluice_pg_clear_stale() {
    local pidfile=$SLUICE_PG_DATA/postmaster.pid pid left deadline
    [[ -f $pidfile ]] || return 0
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    left=$(sluice_pids_with_cwd "$SLUICE_PG_DATA")
    if [[ $pid =~ ^[0-9]+$ ]] && grep -qx "$pid" <<<"$left"; then
        sluice_note "stopping the PostgreSQL server an earlier run left running (pid $pid)"
        sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" stop -D "$SLUICE_PG_DATA" -m fast -w -t 60 >/dev/null ||
            sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" stop -D "$SLUICE_PG_DATA" -m immediate -w -t 30 >/dev/null ||
            sluice_die "could not stop the PostgreSQL server (pid $pid) running in $SLUICE_PG_DATA"
        return 0
    fi
    sluice_note "removing stale $pidfile (pid ${pid:-?} is gone)"
    # Backends of a postmaster killed with SIGKILL notice its death and exit on their own, quickly.
    deadline=$((SECONDS + 10))
    while left=$(sluice_pids_with_cwd "$SLUICE_PG_DATA") && [[ -n $left ]]; do
        if ((SECONDS >= deadline)); then
            sluice_note "sending SIGQUIT to leftover server processes: $(echo "$left" | tr '\n' ' ')"
            # shellcheck disable=SC2086
            kill -QUIT $left 2>/dev/null || true
            deadline=$((SECONDS + 10))
            while left=$(sluice_pids_with_cwd "$SLUICE_PG_DATA") && [[ -n $left ]]; do
                ((SECONDS < deadline)) || sluice_die "PostgreSQL processes $(echo "$left" | tr '\n' ' ')still use $SLUICE_PG_DATA"
                sluice_poll_pause
            done
            break
        fi
        sluice_poll_pause
    done
    # The killed postmaster may linger as a zombie for a while; its pid in these files would block the start.
    rm -f "$pidfile" "$SLUICE_PG_DATA"/.s.PGSQL.*
}

# Lines of the server log after byte $1 saying that the server failed or stopped. Connection attempts
# that the starting server turns away (pg_isready's) are logged as FATAL too; they do not count.
sluice_pg_failure_lines() {
    tail -c +"$(($1 + 1))" "$SLUICE_PG_LOG" 2>/dev/null |
        grep -E 'FATAL|PANIC|aborting startup|database system is shut down' |
        grep -vE 'the database system is (starting up|not yet accepting connections|in recovery mode|shutting down)' || true
}

# Starts the server on a free port and waits until it accepts connections. Retries with another port if
# something else took the chosen one in the meantime.
sluice_pg_launch() {
    local first_port=$1 attempt offset failure deadline timeout=${SLUICE_PG_START_TIMEOUT:-60} pm_pid left
    for attempt in 1 2 3 4 5; do
        SLUICE_PG_PORT=$(sluice_free_port "$first_port")
        sluice_pg_write_conf
        offset=$(stat -c %s "$SLUICE_PG_LOG")
        sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" start -D "$SLUICE_PG_DATA" -l "$SLUICE_PG_LOG" -W >/dev/null ||
            sluice_die "pg_ctl start failed; see $SLUICE_PG_LOG"
        SLUICE_PG_RUNNING=1 # from here on sluice_pg_stop has something to stop, even if it never gets ready
        deadline=$((SECONDS + timeout))
        pm_pid=""
        while :; do
            if "$SLUICE_PG_BIN/pg_isready" -q -d "$(sluice_pg_conninfo)" 2>/dev/null; then
                return 0
            fi
            [[ -z $pm_pid ]] && pm_pid=$(head -n 1 "$SLUICE_PG_DATA/postmaster.pid" 2>/dev/null || true)
            failure=$(sluice_pg_failure_lines "$offset")
            if [[ -z $failure && -n $pm_pid ]] && ! sluice_pid_alive "$pm_pid"; then
                failure="postmaster (pid $pm_pid) exited"
            fi
            if [[ -n $failure ]]; then
                if [[ $failure == *"could not create any TCP/IP sockets"* || $failure == *".s.PGSQL."* ]] && ((attempt < 5)); then
                    sluice_note "port $SLUICE_PG_PORT was taken before PostgreSQL could bind it; trying another"
                    deadline=$((SECONDS + 10))
                    while left=$(sluice_pids_with_cwd "$SLUICE_PG_DATA") && [[ -n $left ]] && ((SECONDS < deadline)); do
                        sluice_poll_pause
                    done
                    first_port=$((SLUICE_PG_PORT + 1))
                    continue 2
                fi
                tail -n 20 "$SLUICE_PG_LOG" >&2
                sluice_die "PostgreSQL did not start (log above, full log in $SLUICE_PG_LOG)"
            fi
            if ((SECONDS >= deadline)); then
                tail -n 20 "$SLUICE_PG_LOG" >&2
                sluice_die "PostgreSQL did not accept connections within ${timeout}s (log above, full log in $SLUICE_PG_LOG)"
            fi
            sluice_poll_pause
        done
    done
    sluice_die "PostgreSQL could not bind a free port after 5 attempts"
}

# Creates database `sluice` if missing; gives the role a password so the URL has the documented shape
# (authentication is trust, so it is not checked).
sluice_pg_ensure_database() {
    local exists
    exists=$(sluice_pg_psql postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = 'sluice'")
    if [[ $exists != 1 ]]; then
        sluice_pg_psql postgres -c "CREATE DATABASE sluice" -c "ALTER ROLE sluice PASSWORD 'sluice'"
    fi
}

sluice_pg_major() {
    "$1/postgres" --version | awk '{print $3}' | sed 's/[^0-9].*//'
}

# sluice_pg_start dev|test — see the top of this file.
sluice_pg_start() {
    SLUICE_PG_MODE=${1:?sluice_pg_start needs dev or test}
    local first_port owner version bindir
    [[ -n $SLUICE_PG_BIN ]] || sluice_pg_tools
    sluice_pg_layout

    if [[ $SLUICE_PG_MODE == dev && -f $SLUICE_PG_DATA/sluice-initialized ]]; then
        owner=$(stat -c %U "$SLUICE_PG_DATA")
        [[ $owner == "$(sluice_pg_owner)" ]] ||
            sluice_die "$SLUICE_PG_DATA belongs to $owner (made by another user's run); delete it (dev data only) or run as that user"
        # A cluster only opens with the major version that made it; prefer that one if it is installed.
        version=$(cat "$SLUICE_PG_DATA/PG_VERSION")
        if [[ $(sluice_pg_major "$SLUICE_PG_BIN") != "$version" ]]; then
            if ! bindir=$(sluice_pg_find_bindir "$version") || [[ $(sluice_pg_major "$bindir") != "$version" ]]; then
                sluice_die "$SLUICE_PG_DATA was made by PostgreSQL $version but only $(sluice_pg_major "$SLUICE_PG_BIN") is installed; install postgresql-$version or delete $SLUICE_PG_DATA (dev data only)"
            fi
            SLUICE_PG_BIN=$bindir
        fi
        sluice_pg_clear_stale
        sluice_pg_fresh_log "$SLUICE_PG_LOG"
    else
        # Test clusters are always fresh; a dev folder without the marker is a half-made cluster from an interrupted run.
        sluice_pg_fresh_log "$SLUICE_PG_LOG"
        sluice_pg_initdb
    fi

    if [[ $SLUICE_PG_MODE == dev ]]; then
        first_port=${SLUICE_PG_FIRST_PORT:-54320}
    else
        # Spread concurrent test runs over a wide range; the chosen port is still checked.
        first_port=$((20000 + RANDOM % 20000))
    fi
    sluice_step "starting PostgreSQL $("$SLUICE_PG_BIN/postgres" --version | awk '{print $3}') ($SLUICE_PG_MODE cluster, $SLUICE_PG_DATA)"
    sluice_pg_launch "$first_port"
    sluice_pg_ensure_database
    export DATABASE_URL="postgres://sluice:sluice@127.0.0.1:$SLUICE_PG_PORT/sluice?sslmode=disable"
}

# Stops the server started by sluice_pg_start (sluice_pg_stop_now: without waiting for clients and a
# checkpoint); deletes the folder of a test cluster.
sluice_pg_stop() { sluice_pg_halt fast; }
sluice_pg_stop_now() { sluice_pg_halt immediate; }

sluice_pg_halt() {
    local mode=$1
    [[ -n $SLUICE_PG_DATA ]] || return 0
    if ((SLUICE_PG_RUNNING == 1)) && [[ -f $SLUICE_PG_DATA/postmaster.pid ]]; then
        sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" stop -D "$SLUICE_PG_DATA" -m "$mode" -w -t 60 >/dev/null ||
            sluice_pg_run "$SLUICE_PG_BIN/pg_ctl" stop -D "$SLUICE_PG_DATA" -m immediate -w -t 30 >/dev/null ||
            sluice_warn "could not stop PostgreSQL in $SLUICE_PG_DATA"
    fi
    SLUICE_PG_RUNNING=0
    if [[ $SLUICE_PG_MODE == test && $SLUICE_PG_BASE == /tmp/sluice-pg-test.* ]]; then
        rm -rf "$SLUICE_PG_BASE"
    fi
    SLUICE_PG_DATA=""
}
