# shellcheck shell=bash
# Static checks of the deployment files, run by scripts/test before the build, also with --filter. Every tool is
# installed first (scripts/lib/deploy-tools.sh); none is skipped. Source it; then sluice_deploy_checks, which
# returns non-zero if any check failed (after running all of them).

# shellcheck source=scripts/lib/deploy-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/deploy-tools.sh"

# .env.example with its empty secrets filled in with well-formed stand-ins, as a user's .env would be.
sluice_compose_env() {
    sed -e 's|^SLUICE_SECRET_KEY=$|SLUICE_SECRET_KEY=c2x1aWNlLWRlcGxveS1jaGVjay1zdGFuZC1pbi1rZXk=|' \
        -e 's|^POSTGRES_PASSWORD=$|POSTGRES_PASSWORD=standin|' \
        -e 's|^GRAFANA_ADMIN_PASSWORD=$|GRAFANA_ADMIN_PASSWORD=standin|' .env.example
}

sluice_check_compose() {
    local env compose=$SLUICE_COMPOSE_VENV/bin/docker-compose failed=0
    env=$(mktemp)
    sluice_compose_env >"$env"
    "$compose" --env-file "$env" -f docker-compose.yml config -q || failed=1
    "$compose" --env-file "$env" -f docker-compose.yml -f docker-compose.pgbouncer.yml config -q || failed=1
    # The example alone must not start: its secrets are empty and required.
    if "$compose" --env-file .env.example -f docker-compose.yml config -q 2>/dev/null; then
        sluice_note "docker-compose.yml accepts .env.example with empty secrets"
        failed=1
    fi
    rm -f "$env"
    return "$failed"
}

sluice_check_kustomize() {
    local dir rendered core failed=0
    rendered=$(mktemp)
    core=$(mktemp)
    for dir in k8s/base k8s/overlays/*/; do
        dir=${dir%/}
        sluice_note "$dir"
        if ! "$SLUICE_VENV/bin/kubectl" kustomize "$dir" >"$rendered"; then
            failed=1
            continue
        fi
        "$SLUICE_VENV/bin/python" scripts/lib/k8s_validate.py k8s/schemas "$core" <"$rendered" || failed=1
        "$SLUICE_VENV/bin/kubernetes-validate" --strict --quiet "$core" || failed=1
    done
    # The Secret template is not part of any build: check it on its own.
    "$SLUICE_VENV/bin/kubernetes-validate" --strict --quiet k8s/base/secret.template.yaml || failed=1
    rm -f "$rendered" "$core"
    return "$failed"
}

sluice_check_prometheus_rule() {
    local rules failed=0
    scripts/generate-prometheus-rule --check || failed=1
    rules=$(mktemp --suffix=.yml)
    "$SLUICE_VENV/bin/python" -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], sys.stdout)' \
        k8s/components/prometheus-operator/prometheusrule.yaml >"$rules" || failed=1
    promtool check rules "$rules" || failed=1
    rm -f "$rules"
    return "$failed"
}

sluice_deploy_checks() {
    local failed=0
    sluice_deploy_tools
    sluice_step "checking Dockerfile (hadolint)"
    "$SLUICE_VENV/bin/hadolint" Dockerfile || failed=1
    sluice_step "checking every YAML file (yamllint)"
    "$SLUICE_VENV/bin/yamllint" --strict . || failed=1
    sluice_step "checking docker-compose.yml and docker-compose.pgbouncer.yml (docker-compose config)"
    sluice_check_compose || failed=1
    sluice_step "checking k8s/ (kubectl kustomize | kubernetes-validate --strict; CRDs against k8s/schemas)"
    sluice_check_kustomize || failed=1
    sluice_step "checking the PrometheusRule (generated from the rule file; promtool check rules)"
    sluice_check_prometheus_rule || failed=1
    ((failed == 0)) || sluice_note "a deployment check failed (see above)"
    return "$failed"
}
