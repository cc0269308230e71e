# shellcheck shell=bash
# The real browser the admin UI tests drive (Tests/ui): Debian's `chromium` and `chromium-driver` (apt-get, as
# root, like PostgreSQL in postgres.sh) and PyPI `selenium` in the tests' virtualenv (.build-venv, python.sh).
# Source it after scripts/lib/python.sh; then: sluice_ui_tools (exports SLUICE_CHROMIUM and SLUICE_CHROMEDRIVER).

sluice_ui_tools() {
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
        ((EUID == 0)) || sluice_die "the admin UI tests need a browser; install it with: sudo apt-get install chromium chromium-driver"
        command -v apt-get >/dev/null 2>&1 || sluice_die "the admin UI tests need chromium and chromedriver, and apt-get is unavailable"
        sluice_step "installing the browser for the UI tests (apt-get install chromium chromium-driver)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || {
            DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
        } || sluice_die "could not install chromium and chromium-driver with apt-get"
    fi
    if ! "${SLUICE_PYTHON:?run sluice_python_tools first}" -c 'import selenium' 2>/dev/null; then
        sluice_step "installing selenium into $(basename "$SLUICE_VENV") (pip)"
        "$SLUICE_VENV/bin/pip" install --quiet 'selenium>=4.25,<5' || sluice_die "could not install selenium"
    fi
    SLUICE_CHROMIUM=$(command -v chromium)
    SLUICE_CHROMEDRIVER=$(command -v chromedriver)
    export SLUICE_CHROMIUM SLUICE_CHROMEDRIVER
}

# The browser suite runs on its own after the others when the whole suite runs: a browser's load would slow
# the timing-sensitive tests beside it, and theirs would slow its page times. sluice_ui_deferred "$@" prints the
# swift test arguments that leave it out of the first run (none when the caller chose tests with arguments);
# sluice_ui_suite LIMIT LOG then runs it, appending to LOG.
SLUICE_UI_SUITE=AdminUITests

sluice_ui_deferred() {
    (($# > 0)) || printf '%s\n' --skip "$SLUICE_UI_SUITE"
}

sluice_ui_suite() {
    sluice_step "running the admin UI tests in headless Chromium (swift test --filter $SLUICE_UI_SUITE)"
    timeout --kill-after=30 "$1" swift test --skip-build --filter "$SLUICE_UI_SUITE" 2>&1 | tee -a "$2"
}
