# shellcheck shell=bash
# Fuzzes the admin API with schemathesis against its own OpenAPI document: a live sluice-api on the test
# PostgreSQL (schema "fuzz") and a bootstrapped super-admin key. Every phase runs (examples, coverage, fuzzing,
# and stateful along the document's links) with every check: no 5xx, every answer as documented (status,
# content type, headers, schema), schema-valid requests accepted and invalid ones refused, 405 with a true
# `Allow`, auth enforced, created resources found and deleted ones gone. Settings of the phases are in
# schemathesis.toml, rules a schema cannot state in fuzz_hooks.py (both beside this file).
# Source it after scripts/lib/postgres.sh has started the test cluster; then: sluice_fuzz_admin_api BIN.
#
# Settings (environment, all optional):
#   SLUICE_FUZZ_EXAMPLES   examples per operation in the fuzzing phase (default 100)
#   SLUICE_FUZZ_SEED       seed, so a failure can be replayed (default 1)

SLUICE_FUZZ_VENV=${SLUICE_ROOT:?}/.build-venv
SLUICE_FUZZ_PID=""

# schemathesis in a virtualenv of the checkout's own (kept between runs, ignored by git).
sluice_fuzz_tool() {
    if [[ ! -x $SLUICE_FUZZ_VENV/bin/schemathesis ]]; then
        sluice_step "installing schemathesis into $(basename "$SLUICE_FUZZ_VENV") (pip)"
        python3 -m venv "$SLUICE_FUZZ_VENV" && "$SLUICE_FUZZ_VENV/bin/pip" install --quiet 'schemathesis>=4.30,<5' ||
            sluice_die "could not install schemathesis (python3 with venv and pip are needed)"
    fi
}

sluice_fuzz_stop() {
    if [[ -n $SLUICE_FUZZ_PID ]] && kill -0 "$SLUICE_FUZZ_PID" 2>/dev/null; then
        kill -TERM "$SLUICE_FUZZ_PID" 2>/dev/null
        wait "$SLUICE_FUZZ_PID" 2>/dev/null
    fi
    SLUICE_FUZZ_PID=""
}

sluice_fuzz_admin_api() {
    local bin=$1 port key log deadline rc=0
    sluice_fuzz_tool
    log=$(mktemp)
    export SLUICE_DB_SCHEMA=fuzz
    SLUICE_SECRET_KEY=$(head -c 32 /dev/urandom | base64)
    export SLUICE_SECRET_KEY
    "$bin/sluice-api" migrate --log-level warning || return 1
    key=$("$bin/sluice-api" bootstrap --email fuzz@localhost | sed -n 's/^API key (shown once): //p')
    [[ -n $key ]] || sluice_die "could not bootstrap a super-admin for the fuzzer"
    port=$(sluice_free_port 18080)
    # The fuzzer's key is the server's only credential: with a legacy token, it could retire that token.
    HTTP_HOST=127.0.0.1 HTTP_PORT=$port LOG_LEVEL=warning env -u SLUICE_ADMIN_TOKEN "$bin/sluice-api" serve >"$log" 2>&1 &
    SLUICE_FUZZ_PID=$!
    deadline=$((SECONDS + 60))
    until curl -s -o /dev/null -f "http://127.0.0.1:$port/readyz"; do
        ((SECONDS < deadline)) && kill -0 "$SLUICE_FUZZ_PID" 2>/dev/null || {
            cat "$log" >&2
            sluice_fuzz_stop
            sluice_die "sluice-api for the fuzzer did not become ready"
        }
        sluice_poll_pause
    done
    sluice_step "fuzzing the admin API (schemathesis, http://127.0.0.1:$port/openapi.yaml)"
    # Excluded: POST /v1/auth/rotate-admin-token revokes the calling key, which would lock the fuzzer out.
    # One worker: with two, Python 3.11's ast.parse (which hypothesis calls) fails across threads.
    SCHEMATHESIS_HOOKS=$SLUICE_ROOT/scripts/lib/fuzz_hooks.py "$SLUICE_FUZZ_VENV/bin/schemathesis" \
        --config-file "$SLUICE_ROOT/scripts/lib/schemathesis.toml" run "http://127.0.0.1:$port/openapi.yaml" \
        --header "Authorization: Bearer $key" \
        --checks all \
        --exclude-path /v1/auth/rotate-admin-token \
        --phases examples,coverage,fuzzing,stateful \
        --max-examples "${SLUICE_FUZZ_EXAMPLES:-100}" --seed "${SLUICE_FUZZ_SEED:-1}" \
        --request-timeout 10 --workers 1 --no-color || rc=$?
    sluice_fuzz_stop
    if ((rc != 0)); then
        sluice_warn "server log of the fuzzed sluice-api (last 40 lines):"
        tail -n 40 "$log" >&2
    fi
    rm -f "$log"
    return "$rc"
}
