"""Checks of observability/ and docs/runbook.md that promtool and amtool do not make.

    observability_check.py files ROOT          rules, rule tests, Alertmanager inhibition, runbook, dashboards
    observability_check.py names ROOT SCRAPE…  metric names used ⊆ names emitted; every emitted family has # HELP

`files` runs from scripts/lib/observability.sh. `names` runs from the Swift test that starts the four services and
writes one scrape of each to a file (Tests/SluiceTests/Observability/MetricNamesTests.swift): what the services emit
comes from the running services, not from a list. Exit status 1 and one line per problem when a check fails.
"""

import json
import re
import sys
from pathlib import Path

import yaml

RULES = "observability/prometheus/rules/sluice.rules.yml"
RULE_TESTS = "observability/prometheus/tests/sluice.rules.test.yml"
ALERTMANAGER = "observability/alertmanager/alertmanager.yml"
DATASOURCE = "observability/grafana/provisioning/datasources/prometheus.yml"
DASHBOARDS = "observability/grafana/dashboards"
RUNBOOK = "docs/runbook.md"
DASHBOARD_NAMES = ["overview", "queues", "inbound", "workers", "database"]

# A metric name of Sluice's own or a standard process metric: not part of a longer identifier (`webhook.process`,
# `sluice-api`, a label value) and not a label name.
METRIC = re.compile(r"(?<![\w.:-])((?:sluice|process)_[a-z0-9_]*[a-z0-9])(?![\w(])")


def load_yaml(root, path):
    with open(root / path) as f:
        return yaml.safe_load(f)


def alerts(root):
    return [rule for group in load_yaml(root, RULES)["groups"] for rule in group["rules"] if "alert" in rule]


def runbook_sections(root):
    """The anchors of the runbook's `## ` sections, as GitHub makes them."""
    text = (root / RUNBOOK).read_text()
    return {re.sub(r"[^a-z0-9 _-]", "", line[3:].strip().lower()).replace(" ", "-") for line in text.splitlines() if line.startswith("## ")}


def check_rules(root):
    problems = []
    sections = runbook_sections(root)
    for rule in alerts(root):
        name = rule["alert"]
        if rule.get("labels", {}).get("severity") not in ("critical", "warning"):
            problems.append(f"{RULES}: {name} has no severity label critical or warning")
        annotations = rule.get("annotations", {})
        for key in ("summary", "description", "runbook_url"):
            if not annotations.get(key):
                problems.append(f"{RULES}: {name} has no {key} annotation")
        url = annotations.get("runbook_url", "")
        if url != f"{RUNBOOK}#{name.lower()}":
            problems.append(f"{RULES}: {name}'s runbook_url should be {RUNBOOK}#{name.lower()}, is {url!r}")
        elif name.lower() not in sections:
            problems.append(f"{RUNBOOK}: no '## {name}' section for the alert's runbook_url")
    return problems


def check_rule_tests(root):
    """Every alert has a test case where it fires and one where it is expected silent (an empty exp_alerts, or a
    firing case whose input holds more series than the alerts it expects)."""
    fires, silent = set(), set()
    for test in load_yaml(root, RULE_TESTS)["tests"]:
        series = len(test.get("input_series", []))
        for case in test.get("alert_rule_test", []):
            expected = case.get("exp_alerts") or []
            (fires if expected else silent).add(case["alertname"])
            if expected and series > len(expected):
                silent.add(case["alertname"])
    problems = []
    for name in (rule["alert"] for rule in alerts(root)):
        if name not in fires:
            problems.append(f"{RULE_TESTS}: no test where {name} fires")
        if name not in silent:
            problems.append(f"{RULE_TESTS}: no test where {name} stays silent")
    return problems


def check_inhibition(root):
    """The database outage inhibits the backlog-type alerts, and those exist."""
    names = {rule["alert"]: rule.get("labels", {}) for rule in alerts(root)}
    inhibit = load_yaml(root, ALERTMANAGER).get("inhibit_rules", [])
    problems = []
    if not any('alertname="SluiceDatabaseDown"' in rule.get("source_matchers", []) for rule in inhibit):
        problems.append(f"{ALERTMANAGER}: no inhibit rule whose source is SluiceDatabaseDown")
    backlog = {name for name, labels in names.items() if labels.get("category") == "backlog"}
    for name in ("SluiceQueueBacklogHigh", "SluiceOldestDueJobTooOld", "SluiceNoLiveWorker"):
        if name not in backlog:
            problems.append(f"{RULES}: {name} must be labelled category: backlog (inhibited while the database is down)")
    if names.get("SluiceDatabaseDown", {}).get("category") == "backlog":
        problems.append(f"{RULES}: SluiceDatabaseDown must not inhibit itself")
    return problems


def dashboards(root):
    for name in DASHBOARD_NAMES:
        path = root / DASHBOARDS / f"{name}.json"
        yield path, json.loads(path.read_text())


def check_dashboards(root):
    problems = []
    datasource = load_yaml(root, DATASOURCE)["datasources"][0]["uid"]
    uids = {}
    for path, board in dashboards(root):
        where = path.relative_to(root)
        uid = board.get("uid")
        if not uid or uid in uids:
            problems.append(f"{where}: uid {uid!r} is missing or also used by {uids.get(uid)}")
        uids[uid] = where
        ids = [panel.get("id") for panel in board.get("panels", [])]
        if not ids:
            problems.append(f"{where}: no panels")
        if len(set(ids)) != len(ids) or None in ids:
            problems.append(f"{where}: panel ids are missing or not unique: {ids}")
        for panel in board.get("panels", []):
            title = panel.get("title") or f"panel {panel.get('id')}"
            if panel.get("datasource", {}).get("uid") != datasource:
                problems.append(f"{where}: {title!r} does not use the provisioned data source {datasource!r}")
            targets = panel.get("targets") or []
            if not targets or not all(t.get("expr") and t.get("refId") for t in targets):
                problems.append(f"{where}: {title!r} has no targets, or a target without expr or refId")
            for target in targets:
                expr = target.get("expr", "")
                if "_bucket" in expr and not re.search(r"histogram_quantile\([^,]+,\s*sum by \([^)]*\ble\b[^)]*\) \(rate\(\w+_bucket[^\[]*\[5m\]\)\)\)", expr):
                    problems.append(f"{where}: {title!r}: use histogram_quantile(q, sum by (..., le) (rate(..._bucket[5m]))), not {expr!r}")
                if re.search(r"_total\b", expr) and "rate(" not in expr and "increase(" not in expr:
                    problems.append(f"{where}: {title!r} graphs a counter without rate(): {expr!r}")
    return problems


def used_names(root):
    """Metric names in the rules, the dashboards' queries and the runbook, each with where it is used."""
    used = {}
    for rule in alerts(root):
        for name in METRIC.findall(rule["expr"]):
            used.setdefault(name, set()).add(f"{RULES} ({rule['alert']})")
    for path, board in dashboards(root):
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                for name in METRIC.findall(target.get("expr", "")):
                    used.setdefault(name, set()).add(f"{path.relative_to(root)} ({panel['title']})")
    for number, line in enumerate((root / RUNBOOK).read_text().splitlines(), 1):
        for name in METRIC.findall(line):
            used.setdefault(name, set()).add(f"{RUNBOOK}:{number}")
    return used


def emitted(scrapes):
    """The sample names of the scrapes (with each histogram's _bucket, _sum, _count), and the families without HELP."""
    names, helped, typed = set(), set(), {}
    for scrape in scrapes:
        for line in Path(scrape).read_text().splitlines():
            if line.startswith("# HELP "):
                helped.add(line.split()[2])
            elif line.startswith("# TYPE "):
                _, _, family, kind = line.split()[:4]
                typed[family] = kind
                names.add(family)
                if kind in ("histogram", "summary"):
                    names.update({family + "_sum", family + "_count"} | ({family + "_bucket"} if kind == "histogram" else set()))
            elif line and not line.startswith("#"):
                names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    unhelped = sorted(family for family in typed if family not in helped)
    return names, unhelped


def check_names(root, scrapes):
    names, unhelped = emitted(scrapes)
    problems = [f"{family}: emitted without # HELP" for family in unhelped]
    for name, places in sorted(used_names(root).items()):
        if name not in names:
            problems.append(f"{name}: not emitted by any Sluice service, used in {', '.join(sorted(places))}")
    return problems


def main(argv):
    if len(argv) < 3 or argv[1] not in ("files", "names") or (argv[1] == "names" and len(argv) < 4):
        sys.exit(__doc__)
    root = Path(argv[2])
    if argv[1] == "files":
        problems = check_rules(root) + check_rule_tests(root) + check_inhibition(root) + check_dashboards(root)
    else:
        problems = check_names(root, argv[3:])
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
