# shellcheck shell=bash
# PgBouncer for the tests that run Sluice behind a transaction pooler (Tests/SluiceTests/PgBouncer). Source it
# after scripts/lib/common.sh; then: sluice_pgbouncer_tools (exports SLUICE_PGBOUNCER, the binary's path).
#
# The tests start PgBouncer themselves, each on a free port with its own configuration; nothing here starts one.
# Debian's package (1.18 on bookworm) is the version the tests check against. As root it is installed with
# apt-get; otherwise it must be installed already. Its system service is left as the package sets it up.

sluice_pgbouncer_tools() {
    local binary
    binary=$(command -v pgbouncer || true)
    [[ -z $binary && -x /usr/sbin/pgbouncer ]] && binary=/usr/sbin/pgbouncer
    if [[ -z $binary ]]; then
        ((EUID == 0)) || sluice_die "pgbouncer not found; install it with: sudo apt-get install pgbouncer"
        command -v apt-get >/dev/null 2>&1 || sluice_die "pgbouncer not found and apt-get is unavailable; install PgBouncer"
        sluice_step "installing PgBouncer (apt-get install pgbouncer)"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
        binary=$(command -v pgbouncer || true)
        [[ -z $binary && -x /usr/sbin/pgbouncer ]] && binary=/usr/sbin/pgbouncer
        [[ -n $binary ]] || sluice_die "apt-get installed pgbouncer but the pgbouncer binary is still not found"
    fi
    SLUICE_PGBOUNCER=$binary
    export SLUICE_PGBOUNCER
}
