"""deploy/k8s/: the manifests parse, probe the right URLs, bound their resources and take every
secret from the Secret, never from the file."""

from pathlib import Path

import yaml
from django.conf import settings

from tests.wellbeing.test_project import PRODUCTION_SECRETS

MANIFESTS = sorted((Path(settings.BASE_DIR) / "deploy" / "k8s").glob("*.yml"))
SECRET = "wellbeing-secrets"


def documents():
    return [doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text()) if doc]


def deployments():
    return {doc["metadata"]["name"]: doc for doc in documents() if doc["kind"] == "Deployment"}


def containers(deployment):
    spec = deployment["spec"]["template"]["spec"]
    return spec.get("initContainers", []) + spec["containers"]


def test_the_manifests_parse_and_run_web_worker_and_one_beat():
    assert MANIFESTS
    for doc in documents():
        assert {"apiVersion", "kind", "metadata"} <= set(doc), doc
    found = deployments()
    assert set(found) == {"wellbeing-web", "wellbeing-worker", "wellbeing-beat"}
    beat = found["wellbeing-beat"]["spec"]
    assert beat["replicas"] == 1 and beat["strategy"] == {"type": "Recreate"}  # never two beats
    for deployment in found.values():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_the_web_is_live_by_healthz_and_ready_by_readyz():
    web = deployments()["wellbeing-web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["readinessProbe"]["timeoutSeconds"] >= 3  # the broker check may take 2 s
    worker = deployments()["wellbeing-worker"]["spec"]["template"]["spec"]["containers"][0]
    assert "inspect ping" in " ".join(worker["livenessProbe"]["exec"]["command"])


def test_every_container_has_requests_and_limits_and_runs_as_the_image_user():
    for name, deployment in deployments().items():
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True, name
        for container in containers(deployment):
            resources = container["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"]), (name, container["name"])
            assert {"cpu", "memory"} <= set(resources["limits"]), (name, container["name"])


def test_every_container_takes_the_secrets_from_the_secret_and_none_is_written_here():
    config = next(doc for doc in documents() if doc["kind"] == "ConfigMap")
    assert not set(config["data"]) & set(PRODUCTION_SECRETS)
    assert config["data"]["DJANGO_DEBUG"] == "false"
    for name, deployment in deployments().items():
        for container in containers(deployment):
            sources = container["envFrom"]
            assert {"secretRef": {"name": SECRET}} in sources, (name, container["name"])
            literal = {item["name"] for item in container.get("env", []) if "value" in item}
            assert not literal & set(PRODUCTION_SECRETS), (name, literal)
    text = "".join(path.read_text() for path in MANIFESTS)
    for variable in PRODUCTION_SECRETS:
        assert f"{variable}:" not in text and f"{variable}=" not in text, variable


def test_the_web_keeps_the_uploaded_images_and_shares_its_metrics_between_processes():
    spec = deployments()["wellbeing-web"]["spec"]["template"]["spec"]
    mounts = {mount["mountPath"]: mount["name"] for mount in spec["containers"][0]["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    assert "persistentVolumeClaim" in volumes[mounts["/app/var/media"]]
    assert "emptyDir" in volumes[mounts["/tmp/prometheus-wellbeing"]]
