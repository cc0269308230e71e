# shellcheck shell=bash
# Checks of observability/: Prometheus' config and alert rules with their unit tests (promtool), Alertmanager's
# config and its routing by severity (amtool), and what the tools do not check (observability_check.py beside this
# file: every rule's labels, annotations, runbook section and tests, the inhibition, the dashboards). Installs
# Debian's prometheus and prometheus-alertmanager when promtool or amtool is missing (as root, like PostgreSQL), and
# PyYAML into the test virtualenv. Source it after scripts/lib/python.sh and scripts/lib/deploy-tools.sh; then:
#   sluice_observability_tools   installs the tools (the Swift tests also start `prometheus`)
#   sluice_observability_check   runs the checks; non-zero if one failed
#
# The metric names the rules, dashboards and runbook use are checked against the running services by
# Tests/SluiceTests/Observability/MetricNamesTests.swift (observability_check.py names).

sluice_observability_tools() {
    sluice_prometheus_tools # scripts/lib/deploy-tools.sh
    if ! "${SLUICE_PYTHON:?}" -c 'import yaml' 2>/dev/null; then
        sluice_step "installing PyYAML into $(basename "$SLUICE_VENV") (pip)"
        "$SLUICE_VENV/bin/pip" install --quiet 'PyYAML>=6,<7' || sluice_die "could not install PyYAML"
    fi
}

# Answers whether Alertmanager routes an alert with labels $2... to receiver $1.
sluice_observability_route() {
    local receiver=$1
    shift
    amtool config routes test --config.file=observability/alertmanager/alertmanager.yml --verify.receivers="$receiver" "$@" >/dev/null 2>&1 ||
        { sluice_note "alertmanager.yml does not route {$*} to $receiver"; return 1; }
}

sluice_observability_check() {
    local failed=0
    sluice_observability_tools
    sluice_step "checking observability/ (promtool, amtool, observability_check.py)"
    promtool check config observability/prometheus/prometheus.yml >/dev/null || failed=1
    promtool check rules observability/prometheus/rules/sluice.rules.yml >/dev/null || failed=1
    promtool test rules observability/prometheus/tests/sluice.rules.test.yml || failed=1
    amtool check-config observability/alertmanager/alertmanager.yml >/dev/null || failed=1
    sluice_observability_route pager severity=critical alertname=SluiceDatabaseDown || failed=1
    sluice_observability_route tickets severity=warning alertname=SluiceQueueBacklogHigh || failed=1
    "$SLUICE_PYTHON" "$SLUICE_ROOT/scripts/lib/observability_check.py" files "$SLUICE_ROOT" || failed=1
    return "$failed"
}
