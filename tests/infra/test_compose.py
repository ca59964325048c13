"""docker-compose.yml and the Dockerfile describe a production stack with no secret defaults.

No Docker engine runs here, so the files are checked as data: services, health checks,
start-up order, the production settings module, and every secret required from the
environment (``${NAME:?message}``), never given a literal or a fallback value.
"""

import re

import pytest
import yaml
from django.conf import settings

APP_SERVICES = ("migrate", "web", "worker", "beat")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|(^|_)KEY$")
REQUIRED_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z_]+):\?[^}]+\}")
ANY_VARIABLE = re.compile(r"\$\{(?P<name>[A-Z_]+)(?P<modifier>[^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _environment(service: dict) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def test_it_defines_the_app_and_its_backing_services(services):
    assert set(services) == {"db", "redis", *APP_SERVICES}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    assert "gunicorn" in services["web"]["command"]
    assert "config.wsgi" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]


def test_it_health_checks_database_cache_and_web(services):
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "scripts/docker_healthcheck.py" in services["web"]["healthcheck"]["test"]
    probe = (settings.BASE_DIR / "scripts" / "docker_healthcheck.py").read_text(encoding="utf-8")
    assert "/health/" in probe


def test_it_starts_the_app_only_on_healthy_backing_services_and_after_migrating(services):
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["db"] == {"condition": "service_healthy"}, name
        assert depends_on["redis"] == {"condition": "service_healthy"}, name
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name


def test_it_runs_the_app_on_production_settings_with_database_and_redis(services):
    for name in APP_SERVICES:
        environment = _environment(services[name])
        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"].startswith("redis://redis:6379"), name
        assert REQUIRED_VARIABLE.fullmatch(environment["SECRET_KEY"]), name
        # Webhook signing secrets are encrypted with these: required, never derived.
        assert REQUIRED_VARIABLE.fullmatch(environment["WEBHOOK_SECRET_KEYS"]), name


def test_it_gives_no_secret_a_literal_or_default_value(services):
    for service_name, service in services.items():
        for name, value in _environment(service).items():
            for variable in ANY_VARIABLE.finditer(value):
                if SECRET_NAME.search(variable["name"]):
                    assert variable["modifier"].startswith(":?"), (service_name, name, value)
            if SECRET_NAME.search(name):
                assert REQUIRED_VARIABLE.fullmatch(value), (service_name, name, value)
    # The database password reaches the app only through the required variable.
    assert "${POSTGRES_PASSWORD:?" in _environment(services["web"])["DATABASE_URL"]


def test_it_builds_a_slim_non_root_image_with_static_files_and_pdf_libraries():
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-"):
        assert package in dockerfile
    assert "collectstatic --noinput" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    # The key is a runtime secret: never baked into a layer (continuation lines joined).
    instructions = dockerfile.replace("\\\n", " ")
    assert not re.search(r"^(ENV|ARG)\b[^\n]*SECRET", instructions, re.MULTILINE)


def test_it_keeps_local_state_and_secrets_out_of_the_build_context():
    ignored = (settings.BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()

    for entry in (".git", ".venv", ".env", "var"):
        assert entry in ignored
