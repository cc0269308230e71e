"""Checks a `kubectl kustomize` rendering (stdin): custom resources against the vendored CRD schemas, and what the
manifests promise each other. Core kinds are written to CORE_OUT for kubernetes-validate --strict.

Usage: python k8s_validate.py SCHEMA_DIR CORE_OUT < rendered.yaml
"""

import json
import os
import sys

import jsonschema
import yaml

CORE_GROUPS = {"", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io"}


def strict(schema):
    """Rejects unknown fields wherever the CRD lists the known ones (like kubernetes-validate --strict)."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema and not schema.get("x-kubernetes-preserve-unknown-fields"):
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(value) for value in schema]
    return schema


def validate_custom(document, schema_dir):
    group, _, version = document["apiVersion"].rpartition("/")
    path = os.path.join(schema_dir, f"{group}_{document['kind'].lower()}_{version}.json")
    if not os.path.exists(path):
        return [f"{document['kind']} {document['apiVersion']}: no vendored schema ({path})"]
    with open(path, encoding="utf-8") as handle:
        validator = jsonschema.Draft7Validator(strict(json.load(handle)))
    return [f"{document['kind']}/{document['metadata']['name']}: {error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def grace_promise(documents):
    """The worker's pod must outlive its shutdown grace, else SIGKILL cuts running jobs."""
    config = next((d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "sluice-config"), None)
    worker = next((d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == "sluice-worker"), None)
    if config is None or worker is None:
        return ["ConfigMap sluice-config or Deployment sluice-worker missing"]
    grace = float(config["data"]["SLUICE_WORKER_SHUTDOWN_GRACE"])
    termination = worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    if termination <= grace:
        return [f"sluice-worker terminationGracePeriodSeconds {termination} is not above SLUICE_WORKER_SHUTDOWN_GRACE {grace}"]
    return []


def main(schema_dir, core_out):
    documents = [d for d in yaml.safe_load_all(sys.stdin) if d]
    errors, core = [], []
    for document in documents:
        group = document["apiVersion"].rpartition("/")[0]
        if group in CORE_GROUPS:
            core.append(document)
        else:
            errors += validate_custom(document, schema_dir)
    errors += grace_promise(documents)
    with open(core_out, "w", encoding="utf-8") as handle:
        yaml.safe_dump_all(core, handle, sort_keys=False)
    for error in errors:
        print(f"  {error}", file=sys.stderr)
    kinds = sorted({d["kind"] for d in documents if d not in core})
    print(f"  {len(core)} core resources; custom resources checked: {', '.join(kinds) or 'none'}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
