"""Prints, as JSON, how docker-compose.yml and k8s/base run each Sluice service: command, environment, port and
probes, read from the rendered files (`docker-compose config`, `kubectl kustomize`), for the test that starts the
binaries the same way (Tests/SluiceTests/Deploy/ProbeTests.swift).

Usage: python deploy_services.py REPO_ROOT   (with the tools that scripts/lib/deploy-tools.sh installs)
"""

import json
import os
import subprocess
import sys
import tempfile

import yaml

SERVICES = {"api": "sluice-api", "webhooks": "sluice-webhooks", "worker": "sluice-worker", "metrics": "sluice-metrics"}


def run(*command, cwd):
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def compose(root, venv):
    env = run("bash", "-c", "source scripts/lib/deploy-checks.sh && sluice_compose_env", cwd=root)
    with tempfile.NamedTemporaryFile("w", suffix=".env") as handle:
        handle.write(env)
        handle.flush()
        rendered = yaml.safe_load(run(os.path.join(venv, "compose", "bin", "docker-compose"), "--env-file", handle.name, "config", cwd=root))
    services = {}
    for name in SERVICES:
        service = rendered["services"][name]
        services[name] = {
            "command": service["command"],
            "environment": {key: str(value) for key, value in service["environment"].items()},
            "healthcheck": service["healthcheck"]["test"],
            "migrate": rendered["services"]["migrate"]["command"],
        }
    return services


def kubernetes(root, venv):
    documents = [d for d in yaml.safe_load_all(run(os.path.join(venv, "bin", "kubectl"), "kustomize", "k8s/base", cwd=root)) if d]
    config = next(d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "sluice-config")["data"]
    services = {}
    for name, executable in SERVICES.items():
        pod = next(d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == executable)["spec"]["template"]["spec"]
        container = pod["containers"][0]
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        environment = dict(config)
        environment.update({variable["name"]: variable["value"] for variable in container.get("env", []) if "value" in variable})
        probes = {}
        for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
            if kind in container:
                get = container[kind]["httpGet"]
                probes[kind] = {"path": get["path"], "port": ports.get(get["port"], get["port"])}
        services[name] = {
            "command": container["command"],
            "environment": environment,
            "containerPort": ports["http"],
            "probes": probes,
            "initContainers": [c["command"] for c in pod.get("initContainers", [])],
        }
    return services


def main(root):
    venv = os.path.dirname(os.path.dirname(sys.executable))
    json.dump({"compose": compose(root, venv), "kubernetes": kubernetes(root, venv)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
