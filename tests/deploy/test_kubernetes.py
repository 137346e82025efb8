"""deploy/base: rendered in Python and validated offline against the Kubernetes schemas.

The base has no patches, generators or transformers, so its rendering is the
concatenation of the files its kustomization lists. Each document is validated
with kubernetes-validate's bundled JSON schemas (no network) in strict mode, for
the oldest Kubernetes version the declared dependency range guarantees and the
newest one the installed package ships.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "base"
OVERLAY = ROOT / "deploy" / "overlays" / "production"
README = ROOT / "deploy" / "README.md"

SERVICES = ("identity", "notices", "documents", "bids", "alerts")
HTTP_PROCESSES = SERVICES + ("gateway",)
NAMESPACE = "procure"
SECRET = "procure-secrets"
KUBERNETES_VERSIONS = sorted({"1.31.0", kubernetes_validate.latest_version()})
# Names whose value is a credential, or a URL that carries one.
SECRET_ENV = re.compile(r"(PASSWORD|_PASS$|SECRET|TOKEN|_KEY$|CREDENTIAL|DATABASE_URL|AMQP_URL|STORAGE_URL)")
URL_WITH_PASSWORD = re.compile(r"://[^/@\s:]*:[^/@\s]+@")


def load_documents(directory: Path, files: list[str]) -> list[dict]:
    return [document for name in files for document in yaml.safe_load_all((directory / name).read_text()) if document]


KUSTOMIZATION = yaml.safe_load((BASE / "kustomization.yaml").read_text())
DOCUMENTS = load_documents(BASE, KUSTOMIZATION["resources"])


def ident(document: dict) -> str:
    return f"{document['kind']}/{document['metadata']['name']}"


def find(kind: str, name: str) -> dict:
    matches = [d for d in DOCUMENTS if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind}/{name}, found {len(matches)}"
    return matches[0]


def of_kind(kind: str) -> list[dict]:
    return [d for d in DOCUMENTS if d["kind"] == kind]


def pod_spec(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]


def all_containers(deployment: dict) -> list[dict]:
    spec = pod_spec(deployment)
    return spec.get("initContainers", []) + spec["containers"]


def selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def http_container(name: str) -> dict:
    (container,) = pod_spec(find("Deployment", name))["containers"]
    return container


# --- rendering and schemas -------------------------------------------------------------------------


def test_the_base_kustomization_only_lists_resources_so_concatenation_is_its_rendering():
    assert set(KUSTOMIZATION) == {"apiVersion", "kind", "resources"}
    assert all((BASE / name).is_file() for name in KUSTOMIZATION["resources"])


def test_no_two_documents_share_a_kind_and_name():
    names = [ident(d) for d in DOCUMENTS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("document", DOCUMENTS, ids=ident)
def test_every_document_is_valid_against_the_kubernetes_schema(document, version):
    kubernetes_validate.validate(document, version, strict=True)


def test_every_object_lives_in_the_procure_namespace():
    find("Namespace", NAMESPACE)
    for document in DOCUMENTS:
        if document["kind"] != "Namespace":
            assert document["metadata"].get("namespace") == NAMESPACE, ident(document)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")
def test_kustomize_renders_the_base_as_the_same_objects():
    rendered = subprocess.run(["kubectl", "kustomize", str(BASE)], capture_output=True, text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    objects = {ident(d): d for d in yaml.safe_load_all(rendered.stdout) if d}
    assert objects == {ident(d): d for d in DOCUMENTS}


# --- HTTP Deployments ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_probes_healthz_for_liveness_and_readyz_for_readiness(name):
    container = http_container(name)
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["port"] == "http"
    assert container["readinessProbe"]["httpGet"]["port"] == "http"


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_serves_on_container_port_8000(name):
    assert {"name": "http", "containerPort": 8000, "protocol": "TCP"} in http_container(name)["ports"]


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_runs_gunicorn_with_its_app_behind_the_image_entrypoint(name):
    app = "gateway.app:create_app()" if name == "gateway" else f"services.{name}.app:create_app()"
    container = http_container(name)
    assert "command" not in container
    assert container["args"] == ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread",
                                 "--workers", "2", "--threads", "8", app]


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_container_has_cpu_and_memory_requests_and_limits(deployment):
    for container in all_containers(deployment):
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][bound]), f"{container['name']} {bound}"


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_deployment_leaves_its_replica_count_to_its_autoscaler(deployment):
    assert "replicas" not in deployment["spec"]


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_has_a_service_from_port_80_to_its_http_port(name):
    service = find("Service", name)
    (port,) = service["spec"]["ports"]
    assert (port["port"], port["targetPort"]) == (80, "http")


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_service_selects_the_pods_of_its_http_deployment_and_no_other(name):
    selector = find("Service", name)["spec"]["selector"]
    for deployment in of_kind("Deployment"):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selects(selector, labels) == (deployment["metadata"]["name"] == name), ident(deployment)


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_has_a_cpu_autoscaler_targeting_it(name):
    hpa = find("HorizontalPodAutoscaler", name)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu" and metric["resource"]["target"]["type"] == "Utilization"
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_deployment_has_a_disruption_budget_selecting_its_pods(name):
    budget = find("PodDisruptionBudget", name)
    labels = find("Deployment", name)["spec"]["template"]["metadata"]["labels"]
    assert selects(budget["spec"]["selector"]["matchLabels"], labels)


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_deployment_migrates_its_database_in_an_init_container(name):
    (init,) = pod_spec(find("Deployment", name))["initContainers"]
    assert init["args"] == ["procure", "migrate", name]


def test_the_gateway_has_no_migrate_init_container():
    assert "initContainers" not in pod_spec(find("Deployment", "gateway"))


def test_the_gateway_reaches_each_service_and_the_jwks_through_their_service_ports():
    data = find("ConfigMap", "procure-config")["data"]
    for name in SERVICES:
        assert data[f"PROCURE_{name.upper()}_URL"] == f"http://{name}"
        assert find("Service", name)["spec"]["ports"][0]["port"] == 80
    assert data["PROCURE_JWKS_URL"] == "http://identity/.well-known/jwks.json"


# --- workers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_worker_running_procure_worker(name):
    (container,) = pod_spec(find("Deployment", f"{name}-worker"))["containers"]
    assert container["args"] == ["procure", "worker", name]
    assert "ports" not in container


@pytest.mark.parametrize("name", SERVICES)
def test_each_worker_has_a_cpu_autoscaler_targeting_it(name):
    hpa = find("HorizontalPodAutoscaler", f"{name}-worker")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{name}-worker"}
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


@pytest.mark.parametrize("name", SERVICES)
def test_each_worker_waits_for_its_migrations_too(name):
    (init,) = pod_spec(find("Deployment", f"{name}-worker"))["initContainers"]
    assert init["args"] == ["procure", "migrate", name]


# --- labels and selectors --------------------------------------------------------------------------


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_deployment_selects_its_own_pod_template(deployment):
    assert selects(deployment["spec"]["selector"]["matchLabels"], deployment["spec"]["template"]["metadata"]["labels"])


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_no_deployment_selector_matches_another_deployments_pods(deployment):
    selector = deployment["spec"]["selector"]["matchLabels"]
    for other in of_kind("Deployment"):
        if other is not deployment:
            assert not selects(selector, other["spec"]["template"]["metadata"]["labels"]), ident(other)


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_deployment_carries_the_recommended_labels(deployment):
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    name = deployment["metadata"]["name"].removesuffix("-worker")
    component = "worker" if deployment["metadata"]["name"].endswith("-worker") else "http"
    assert labels == {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component,
                      "app.kubernetes.io/part-of": "procure"}
    assert deployment["metadata"]["labels"] == labels


@pytest.mark.parametrize("hpa", of_kind("HorizontalPodAutoscaler"), ids=ident)
def test_every_autoscaler_targets_an_existing_deployment_with_the_same_labels(hpa):
    target = find("Deployment", hpa["spec"]["scaleTargetRef"]["name"])
    assert hpa["metadata"]["labels"] == target["metadata"]["labels"]


# --- security --------------------------------------------------------------------------------------


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_pod_runs_as_the_images_non_root_user(deployment):
    context = pod_spec(deployment)["securityContext"]
    assert context["runAsNonRoot"] is True and context["runAsUser"] == 10001
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod_spec(deployment)["automountServiceAccountToken"] is False


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_container_has_a_read_only_root_filesystem_and_no_privileges(deployment):
    for container in all_containers(deployment):
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True, container["name"]
        assert context["allowPrivilegeEscalation"] is False, container["name"]
        assert context["capabilities"] == {"drop": ["ALL"]}, container["name"]
        assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], container["name"]


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_container_reads_the_shared_config_map(deployment):
    for container in all_containers(deployment):
        assert {"configMapRef": {"name": "procure-config"}} in container["envFrom"], container["name"]


def test_the_base_defines_no_secret():
    assert of_kind("Secret") == []


@pytest.mark.parametrize("deployment", of_kind("Deployment"), ids=ident)
def test_every_secret_setting_comes_from_a_secret_key_reference(deployment):
    for container in all_containers(deployment):
        for variable in container.get("env", []):
            if SECRET_ENV.search(variable["name"]):
                assert "value" not in variable, f"{container['name']}: {variable['name']} is a literal"
                assert variable["valueFrom"]["secretKeyRef"]["name"] == SECRET, variable["name"]


@pytest.mark.parametrize("name", [f"{s}{suffix}" for s in SERVICES for suffix in ("", "-worker")])
def test_each_service_process_gets_its_database_broker_and_s3_credentials_from_the_secret(name):
    for container in all_containers(find("Deployment", name)):
        references = {v["name"]: v["valueFrom"]["secretKeyRef"]["key"] for v in container["env"] if "valueFrom" in v}
        expected = {"PROCURE_DATABASE_URL": "database-url", "PROCURE_AMQP_URL": "amqp-url",
                    "PROCURE_S3_ACCESS_KEY": "s3-access-key", "PROCURE_S3_SECRET_KEY": "s3-secret-key"}
        if name.startswith("identity"):
            expected["PROCURE_ACCOUNT_SECRETS_KEYS"] = "account-secrets-keys"
        assert references == expected


def test_the_gateway_gets_its_rate_limit_storage_url_from_the_secret():
    references = {v["name"]: v["valueFrom"]["secretKeyRef"]["key"] for v in http_container("gateway")["env"]}
    assert references == {"PROCURE_RATE_LIMIT_STORAGE_URL": "rate-limit-storage-url"}


def test_the_config_map_holds_no_secret_setting():
    data = find("ConfigMap", "procure-config")["data"]
    for name, value in data.items():
        assert not SECRET_ENV.search(name), name
        assert not URL_WITH_PASSWORD.search(value), name


def test_no_manifest_writes_a_password_into_a_url():
    for path in sorted(BASE.glob("*.yaml")) + sorted(OVERLAY.glob("*.yaml")):
        assert not URL_WITH_PASSWORD.search(path.read_text()), path.name


def test_the_readme_documents_every_secret_key_the_manifests_reference():
    readme = README.read_text()
    keys = {v["valueFrom"]["secretKeyRef"]["key"] for d in of_kind("Deployment") for c in all_containers(d)
            for v in c.get("env", []) if "valueFrom" in v}
    assert keys and all(f"`{key}`" in readme for key in keys)
    assert f"`{SECRET}`" in readme and "`procure-signing-keys`" in readme
    assert "kubectl apply -k deploy/base" in readme


@pytest.mark.parametrize("name", ["identity", "identity-worker"])
def test_identity_mounts_its_signing_keys_read_only_from_a_secret_volume(name):
    deployment = find("Deployment", name)
    volumes = {v["name"]: v for v in pod_spec(deployment)["volumes"]}
    assert volumes["signing-keys"]["secret"]["secretName"] == "procure-signing-keys"
    for container in all_containers(deployment):
        mount = next(m for m in container["volumeMounts"] if m["name"] == "signing-keys")
        assert mount == {"name": "signing-keys", "mountPath": "/etc/procure/signing-keys", "readOnly": True}
        assert {"name": "PROCURE_SIGNING_KEYS_DIR", "value": "/etc/procure/signing-keys"} in container["env"]


def test_only_identity_sees_the_signing_keys():
    for deployment in of_kind("Deployment"):
        if not deployment["metadata"]["name"].startswith("identity"):
            assert all("secret" not in v for v in pod_spec(deployment)["volumes"]), ident(deployment)


def test_the_namespace_enforces_the_restricted_pod_security_standard():
    labels = find("Namespace", NAMESPACE)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"


# --- the production overlay ------------------------------------------------------------------------


OVERLAY_KUSTOMIZATION = yaml.safe_load((OVERLAY / "kustomization.yaml").read_text())


def test_the_production_overlay_builds_on_the_base():
    assert "../../base" in OVERLAY_KUSTOMIZATION["resources"]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_production_overlays_own_objects_are_valid(version):
    own = [name for name in OVERLAY_KUSTOMIZATION["resources"] if not name.startswith("..")]
    own += [patch["path"] for patch in OVERLAY_KUSTOMIZATION["patches"] if "path" in patch]
    for document in load_documents(OVERLAY, own):
        kubernetes_validate.validate(document, version, strict=True)


def test_every_overlay_patch_targets_objects_of_the_base():
    for patch in OVERLAY_KUSTOMIZATION["patches"]:
        if "target" in patch:
            target = patch["target"]
            matching = [d for d in of_kind(target["kind"])
                        if re.fullmatch(target.get("name", ".*"), d["metadata"]["name"])
                        and selects(dict([target["labelSelector"].split("=")]) if "labelSelector" in target else {},
                                    d["metadata"].get("labels", {}))]
            assert matching, target
        else:
            (document,) = load_documents(OVERLAY, [patch["path"]])
            find(document["kind"], document["metadata"]["name"])


def test_the_overlay_ingress_routes_to_the_gateway_service():
    (ingress,) = load_documents(OVERLAY, ["ingress.yaml"])
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "gateway", "port": {"name": "http"}}
    find("Service", "gateway")


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl")
@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_rendered_production_overlay_is_valid(version):
    rendered = subprocess.run(["kubectl", "kustomize", str(OVERLAY)], capture_output=True, text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    documents = [d for d in yaml.safe_load_all(rendered.stdout) if d]
    assert len(documents) == len(DOCUMENTS) + 1
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)
