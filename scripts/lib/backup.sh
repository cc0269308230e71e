# shellcheck shell=bash
# What scripts/backup and scripts/restore share: finding the PostgreSQL client programs, the database URL to use,
# and the names of a backup's files. Source it after scripts/lib/common.sh.
#
# A backup is three files in one folder, named for the schema and the moment (UTC):
#   sluice-<schema>-<YYYYmmddTHHMMSSZ>.dump     pg_dump custom format of the schema
#   sluice-<schema>-<YYYYmmddTHHMMSSZ>.counts   "table<TAB>rows" of every table, read in the dump's own snapshot
#   sluice-<schema>-<YYYYmmddTHHMMSSZ>.sha256   sha256sum of the two

SLUICE_PG_CLIENT_BIN=""

# Finds pg_dump, pg_restore and psql (SLUICE_PG_BINDIR, else the newest Debian folder, else PATH): the newest,
# since pg_dump refuses a server newer than itself.
sluice_pg_client_tools() {
    local dir candidates=()
    [[ -n ${SLUICE_PG_BINDIR:-} ]] && candidates+=("$SLUICE_PG_BINDIR")
    while IFS= read -r dir; do candidates+=("$dir"); done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
    command -v pg_dump >/dev/null 2>&1 && candidates+=("$(dirname "$(command -v pg_dump)")")
    for dir in "${candidates[@]}"; do
        if [[ -x $dir/pg_dump && -x $dir/pg_restore && -x $dir/psql ]]; then
            SLUICE_PG_CLIENT_BIN=$dir
            return 0
        fi
    done
    sluice_die "pg_dump, pg_restore and psql not found; install them (apt-get install postgresql-client) or set SLUICE_PG_BINDIR"
}

# The URL for dumps and restores: SLUICE_DB_DIRECT_URL when set (PgBouncer in transaction pooling cannot hold the
# snapshot a consistent dump needs), else DATABASE_URL.
sluice_backup_url() {
    local url=${SLUICE_DB_DIRECT_URL:-${DATABASE_URL:-}}
    [[ -n $url ]] || sluice_die "set DATABASE_URL (or SLUICE_DB_DIRECT_URL) to the database to use"
    printf '%s\n' "$url"
}

sluice_backup_schema() {
    local schema=${SLUICE_DB_SCHEMA:-sluice}
    [[ $schema =~ ^[a-z_][a-z0-9_]{0,39}$ ]] || sluice_die "SLUICE_DB_SCHEMA must be a plain lower-case identifier (got '$schema')"
    printf '%s\n' "$schema"
}

sluice_psql() {
    local url=$1
    shift
    PGOPTIONS="-c client_min_messages=warning" "$SLUICE_PG_CLIENT_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$url" "$@"
}
