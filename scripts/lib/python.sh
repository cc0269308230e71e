# shellcheck shell=bash
# The Python tools the tests and the fuzzer check against, in a virtualenv of the checkout's own (.build-venv,
# kept between runs, ignored by git): the independent Standard Webhooks implementation (`standardwebhooks`).
# Source it after scripts/lib/common.sh; then: sluice_python_tools (exports SLUICE_PYTHON).

SLUICE_VENV=${SLUICE_ROOT:?}/.build-venv

sluice_python_tools() {
    if [[ ! -x $SLUICE_VENV/bin/python ]] || ! "$SLUICE_VENV/bin/python" -c 'import standardwebhooks' 2>/dev/null; then
        sluice_step "installing the Python test tools into $(basename "$SLUICE_VENV") (pip: standardwebhooks)"
        python3 -m venv "$SLUICE_VENV" && "$SLUICE_VENV/bin/pip" install --quiet 'standardwebhooks>=1.0,<2' ||
            sluice_die "could not install the Python test tools (python3 with venv and pip are needed)"
    fi
    SLUICE_PYTHON=$SLUICE_VENV/bin/python
    export SLUICE_PYTHON
}
