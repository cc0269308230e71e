# shellcheck shell=bash
# Fuzzes the admin API with schemathesis against its own OpenAPI document: a live sluice-api on the test
# PostgreSQL (schema "fuzz"), a bootstrapped super-admin key, and checks that no answer is a 5xx or breaks the
# document. Source it after scripts/lib/postgres.sh has started the test cluster; then: sluice_fuzz_admin_api BIN.
#
# Settings (environment, all optional):
#   SLUICE_FUZZ_EXAMPLES   examples per operation and phase (default 50)
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
    HTTP_HOST=127.0.0.1 HTTP_PORT=$port LOG_LEVEL=warning "$bin/sluice-api" serve >"$log" 2>&1 &
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
    "$SLUICE_FUZZ_VENV/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" \
        --header "Authorization: Bearer $key" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --exclude-path-regex '^/v1/auth/' \
        --phases examples,fuzzing \
        --max-examples "${SLUICE_FUZZ_EXAMPLES:-50}" --seed "${SLUICE_FUZZ_SEED:-1}" \
        --request-timeout 10 --workers 2 --no-color || rc=$?
    sluice_fuzz_stop
    if ((rc != 0)); then
        sluice_warn "server log of the fuzzed sluice-api (last 40 lines):"
        tail -n 40 "$log" >&2
    fi
    rm -f "$log"
    return "$rc"
}
