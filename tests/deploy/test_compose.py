"""docker-compose.yml, the Dockerfile and the collector config: checked by reading them.

No Docker engine runs where the tests run, so nothing here starts a container.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
COLLECTOR_CONFIG = ROOT / "deploy" / "otel-collector.yaml"

SERVICES = ("identity", "notices", "documents", "bids", "alerts")
HTTP_PROCESSES = SERVICES + ("gateway",)
SERVERS = ("postgres", "rabbitmq", "minio", "redis", "mailpit", "otel-collector")
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}

REQUIRED_REFERENCE = re.compile(r"^\$\{[A-Z][A-Z0-9_]*:\?[^}]+\}$")
REQUIRED_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*):\?")
SECRET_NAME = re.compile(r"(PASSWORD|_PASS$|SECRET|TOKEN|_KEY$|CREDENTIAL)")
URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]*:(?P<password>.+)@[^@]+$")

COMPOSE = yaml.safe_load(COMPOSE_FILE.read_text())
CONTAINERS = COMPOSE["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def command(service: dict) -> list[str]:
    cmd = service.get("command")
    return cmd.split() if isinstance(cmd, str) else list(cmd or [])


def depends_on(service: dict) -> dict[str, dict]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: {"condition": "service_started"} for name in deps}
    return deps


def is_one_shot(service: dict) -> bool:
    return service.get("restart") == "no"


def has_healthcheck(service: dict) -> bool:
    check = service.get("healthcheck")
    return bool(check) and not check.get("disable") and bool(check.get("test"))


def procure_containers() -> list[str]:
    return [name for name in CONTAINERS if any(name == s or name.startswith(f"{s}-") for s in HTTP_PROCESSES)
            or name == "keys"]


def all_strings(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from all_strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


# --- the compose file ------------------------------------------------------------------------------


def test_the_compose_file_parses_to_a_mapping_of_services():
    assert isinstance(COMPOSE, dict) and isinstance(CONTAINERS, dict) and CONTAINERS


def test_procure_containers_share_the_x_procure_service_extension():
    shared = COMPOSE["x-procure-service"]
    for name in procure_containers():
        assert CONTAINERS[name]["image"] == shared["image"], name
        assert CONTAINERS[name]["build"] == shared["build"], name


def test_procure_containers_are_built_from_the_one_dockerfile():
    assert COMPOSE["x-procure-service"]["build"] == {"context": ".", "dockerfile": "Dockerfile"}


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_process_runs_gunicorn_on_port_8000_with_its_app(name):
    app = "gateway.app:create_app()" if name == "gateway" else f"services.{name}.app:create_app()"
    assert command(CONTAINERS[name]) == ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread",
                                         "--workers", "2", "--threads", "8", app]


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_process_has_a_healthcheck_against_healthz(name):
    check = CONTAINERS[name]["healthcheck"]
    assert has_healthcheck(CONTAINERS[name])
    assert "http://127.0.0.1:8000/healthz" in " ".join(check["test"])


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_worker_running_procure_worker(name):
    assert command(CONTAINERS[f"{name}-worker"]) == ["procure", "worker", name]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_a_one_shot_running_its_migrations(name):
    migrate = CONTAINERS[f"{name}-migrate"]
    assert command(migrate) == ["procure", "migrate", name]
    assert is_one_shot(migrate)


def test_the_gateway_has_no_migrations():
    assert "gateway-migrate" not in CONTAINERS


@pytest.mark.parametrize("name", [f"{s}{suffix}" for s in SERVICES for suffix in ("", "-worker")])
def test_each_service_process_starts_only_after_its_migrations_succeeded(name):
    service = name.removesuffix("-worker")
    assert depends_on(CONTAINERS[name])[f"{service}-migrate"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("name", [f"{s}{suffix}" for s in SERVICES for suffix in ("", "-worker", "-migrate")])
def test_each_service_process_gets_the_database_broker_and_s3_settings(name):
    env = environment(CONTAINERS[name])
    for variable in ("PROCURE_DATABASE_URL", "PROCURE_AMQP_URL", "PROCURE_S3_ENDPOINT", "PROCURE_S3_ACCESS_KEY",
                     "PROCURE_S3_SECRET_KEY", "PROCURE_S3_SECURE"):
        assert env.get(variable), f"{name} lacks {variable}"
    assert env["PROCURE_DATABASE_URL"].startswith("postgresql://procure:")
    assert env["PROCURE_DATABASE_URL"].endswith("@postgres:5432/postgres")
    assert env["PROCURE_AMQP_URL"].endswith("@rabbitmq:5672//")
    assert env["PROCURE_S3_SECURE"] == "false"


@pytest.mark.parametrize("name", HTTP_PROCESSES)
def test_each_http_process_gets_the_common_settings(name):
    env = environment(CONTAINERS[name])
    assert env["PROCURE_ENV"] == "production"
    assert env["PROCURE_AUDIENCE"] == "procure"
    assert env["PROCURE_JWKS_URL"] == "http://identity:8000/.well-known/jwks.json"
    assert env["PROCURE_LOG_FORMAT"] == "json"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
    assert env["PROCURE_ISSUER"] and env["PROCURE_LOG_LEVEL"]


def test_the_gateway_knows_where_each_service_answers_and_where_rate_limits_are_kept():
    env = environment(CONTAINERS["gateway"])
    for service in SERVICES:
        assert env[f"PROCURE_{service.upper()}_URL"] == f"http://{service}:8000"
    assert env["PROCURE_RATE_LIMIT_STORAGE_URL"] == "redis://redis:6379/0"
    assert env["PROCURE_CORS_ORIGINS"] and env["PROCURE_RATE_LIMIT"]


@pytest.mark.parametrize("name", ["alerts", "alerts-worker"])
def test_alerts_sends_mail_to_the_smtp_catcher(name):
    env = environment(CONTAINERS[name])
    assert (env["PROCURE_SMTP_HOST"], env["PROCURE_SMTP_PORT"]) == ("mailpit", "1025")
    assert depends_on(CONTAINERS[name])["mailpit"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", sorted(CONTAINERS))
def test_every_container_has_cpu_and_memory_limits(name):
    limits = CONTAINERS[name]["deploy"]["resources"]["limits"]
    assert float(limits["cpus"]) > 0
    assert re.fullmatch(r"\d+[KMG]", str(limits["memory"]))


@pytest.mark.parametrize("name", SERVERS)
def test_each_server_is_present_with_a_healthcheck(name):
    assert has_healthcheck(CONTAINERS[name])


def test_postgres_is_16_or_later_with_pg_isready_and_a_volume():
    postgres = CONTAINERS["postgres"]
    assert int(re.match(r"postgres:(\d+)", postgres["image"]).group(1)) >= 16
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres["volumes"])


def test_rabbitmq_runs_the_management_image_with_its_ui_on_15672():
    rabbitmq = CONTAINERS["rabbitmq"]
    assert rabbitmq["image"] == "rabbitmq:3.13-management"
    assert any(str(port).endswith("15672:15672") for port in rabbitmq["ports"])
    assert "rabbitmq-diagnostics -q ping" in " ".join(rabbitmq["healthcheck"]["test"])


def test_minio_serves_its_console():
    assert "--console-address" in command(CONTAINERS["minio"])


def test_the_smtp_catcher_is_mailpit():
    assert CONTAINERS["mailpit"]["image"].startswith("axllent/mailpit")


def test_the_otel_collector_is_the_contrib_collector_with_the_deploy_config_mounted():
    collector = CONTAINERS["otel-collector"]
    dockerfile = (ROOT / collector["build"]["context"] / collector["build"]["dockerfile"]).read_text()
    assert "FROM otel/opentelemetry-collector-contrib:" in dockerfile
    assert "./deploy/otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro" in collector["volumes"]


def test_the_keys_one_shot_generates_a_key_only_into_an_empty_volume():
    keys = CONTAINERS["keys"]
    assert is_one_shot(keys)
    assert "signing-keys:/etc/procure/signing-keys" in keys["volumes"]
    script = command(keys)[-1]
    assert "ls /etc/procure/signing-keys/*.pem" in script and "||" in script
    assert "procure keys generate --dir /etc/procure/signing-keys" in script


def test_identity_mounts_the_signing_keys_read_only_and_waits_for_them():
    identity = CONTAINERS["identity"]
    assert "signing-keys:/etc/procure/signing-keys:ro" in identity["volumes"]
    assert environment(identity)["PROCURE_SIGNING_KEYS_DIR"] == "/etc/procure/signing-keys"
    assert depends_on(identity)["keys"]["condition"] == "service_completed_successfully"
    assert "signing-keys" in COMPOSE["volumes"]


def test_every_depends_on_names_an_existing_service_with_a_known_condition():
    for name, service in CONTAINERS.items():
        for target, spec in depends_on(service).items():
            assert target in CONTAINERS, f"{name} depends on unknown {target}"
            assert spec["condition"] in CONDITIONS, f"{name} -> {target}: {spec['condition']}"


def test_one_shots_are_awaited_to_completion_and_servers_to_health():
    for name, service in CONTAINERS.items():
        for target, spec in depends_on(service).items():
            if is_one_shot(CONTAINERS[target]):
                assert spec["condition"] == "service_completed_successfully", f"{name} -> {target}"
            else:
                assert has_healthcheck(CONTAINERS[target]), f"{name} waits for {target}, which has no healthcheck"
                assert spec["condition"] == "service_healthy", f"{name} -> {target}"


def test_the_dependencies_have_no_cycle():
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join(path + (name,))
        if name not in done:
            for target in depends_on(CONTAINERS[name]):
                visit(target, path + (name,))
            done.add(name)

    for name in CONTAINERS:
        visit(name, ())


def test_the_gateway_is_published_on_8000_and_waits_for_the_five_services_to_be_healthy():
    gateway = CONTAINERS["gateway"]
    assert any(re.fullmatch(r"(\$\{PROCURE_HTTP_PORT:-8000\}|8000):8000", str(port)) for port in gateway["ports"])
    for service in SERVICES:
        assert depends_on(gateway)[service]["condition"] == "service_healthy"
    assert depends_on(gateway)["redis"]["condition"] == "service_healthy"


def test_only_the_gateway_and_operator_uis_are_published():
    for name, service in CONTAINERS.items():
        for port in service.get("ports", []):
            assert name == "gateway" or str(port).startswith("127.0.0.1:"), f"{name} publishes {port}"


@pytest.mark.parametrize("name", procure_containers())
def test_procure_containers_run_read_only_without_capabilities(name):
    service = CONTAINERS[name]
    assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in service["security_opt"] and "/tmp" in service["tmpfs"]


def test_secret_like_variables_are_required_references_never_literals():
    for name, service in CONTAINERS.items():
        for variable, value in environment(service).items():
            if SECRET_NAME.search(variable):
                assert REQUIRED_REFERENCE.match(value), f"{name}: {variable} is not a ${{VAR:?...}} reference"


def test_passwords_inside_urls_are_required_references_never_literals():
    for path, value in all_strings(COMPOSE):
        match = URL_PASSWORD.match(value)
        if match:
            assert REQUIRED_REFERENCE.match(match["password"]), f"{path} carries a literal password"


def test_every_required_variable_is_documented_in_the_env_example():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    required = set(REQUIRED_VARIABLE.findall(COMPOSE_FILE.read_text()))
    assert required and required <= documented


def test_the_env_example_leaves_every_required_secret_empty():
    required = set(REQUIRED_VARIABLE.findall(COMPOSE_FILE.read_text()))
    for line in ENV_EXAMPLE.read_text().splitlines():
        name, _, value = line.partition("=")
        if name in required:
            assert value == "", f"{name} has a value in the example"


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker CLI")
def test_docker_compose_accepts_the_file_when_the_plugin_is_there():
    env = {**os.environ, "POSTGRES_PASSWORD": "x" * 12, "RABBITMQ_PASSWORD": "x" * 12,
           "S3_ACCESS_KEY": "x" * 12, "S3_SECRET_KEY": "x" * 12}
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, env=env, timeout=60)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    result = subprocess.run(["docker", "compose", "-f", str(COMPOSE_FILE), "config", "--quiet"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


# --- the Dockerfile --------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue
        current += " " + stripped.removesuffix("\\").strip() if current else stripped.removesuffix("\\").strip()
        if not stripped.endswith("\\"):
            logical.append(current)
            current = ""
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1] if " " in text else "") for text in logical]


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for instruction, argument in dockerfile_instructions():
        if instruction == "FROM":
            result.append([])
        if result:
            result[-1].append((instruction, argument))
    return result


def test_the_dockerfile_is_multi_stage_with_a_builder_and_a_runtime():
    names = [argument.split()[-1] for instruction, argument in (stage[0] for stage in stages())]
    assert len(names) >= 2 and names[0] == "builder" and names[-1] == "runtime"


def test_the_dockerfile_bases_both_stages_on_python_3_11_slim():
    base = next(argument for instruction, argument in dockerfile_instructions()
                if instruction == "ARG" and argument.startswith("PYTHON_IMAGE="))
    assert base.split("=", 1)[1].startswith("python:3.11-slim")
    assert all(stage[0][1].startswith("${PYTHON_IMAGE}") for stage in stages())


def test_the_builder_builds_a_wheel_into_a_venv_that_the_runtime_copies():
    builder = " ".join(argument for instruction, argument in stages()[0] if instruction == "RUN")
    assert "pip wheel" in builder and "python -m venv /opt/procure" in builder
    runtime = stages()[-1]
    assert ("COPY", "--from=builder /opt/procure /opt/procure") in runtime


def test_the_runtime_installs_libmagic_and_no_build_tools():
    runtime = " ".join(argument for instruction, argument in stages()[-1] if instruction == "RUN")
    assert "libmagic1" in runtime
    for tool in ("build-essential", "gcc", "-dev ", "make "):
        assert tool not in runtime


def test_the_dockerfile_ends_with_a_fixed_non_root_user():
    users = [argument for instruction, argument in stages()[-1] if instruction == "USER"]
    assert users and re.fullmatch(r"[1-9]\d{3,}(:[1-9]\d{3,})?", users[-1])


def test_the_dockerfile_has_a_python_healthcheck_against_healthz():
    checks = [argument for instruction, argument in stages()[-1] if instruction == "HEALTHCHECK"]
    assert len(checks) == 1
    assert '"python"' in checks[0] and "/healthz" in checks[0] and "curl" not in checks[0]


def test_the_default_command_is_the_gateway():
    cmd = [argument for instruction, argument in stages()[-1] if instruction == "CMD"][-1]
    assert cmd.startswith('["gunicorn"') and '"gateway.app:create_app()"' in cmd


def test_the_dockerignore_keeps_local_state_and_secrets_out_of_the_context():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".git", ".procure", ".pytest_cache", ".hypothesis", ".env"} <= ignored


# --- the collector config --------------------------------------------------------------------------


def test_the_collector_receives_otlp_over_http_on_4318():
    config = yaml.safe_load(COLLECTOR_CONFIG.read_text())
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"] == "0.0.0.0:4318"


def test_the_collector_serves_the_health_check_that_compose_probes():
    config = yaml.safe_load(COLLECTOR_CONFIG.read_text())
    assert config["extensions"]["health_check"]["endpoint"].endswith(":13133")
    assert "health_check" in config["service"]["extensions"]
    assert "http://127.0.0.1:13133/" in CONTAINERS["otel-collector"]["healthcheck"]["test"]


def test_the_collector_pipelines_use_only_defined_components():
    config = yaml.safe_load(COLLECTOR_CONFIG.read_text())
    for pipeline in config["service"]["pipelines"].values():
        for kind in ("receivers", "processors", "exporters"):
            assert set(pipeline.get(kind, [])) <= set(config[kind]), kind
        assert pipeline["processors"][0] == "memory_limiter"
