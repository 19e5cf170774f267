"""The files that deploy supportbot agree with the code: the image installs every package and
runs the bot, compose gives it PostgreSQL, the systemd unit starts it, the web desk's templates
and styles ship in the package. (Building the image needs a Docker daemon: see the README.)"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).parents[2]


def test_the_web_desks_files_ship_in_the_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["adapters.web"]
    folder = ROOT / "adapters" / "web"
    shipped = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"]
    assert shipped, "no templates or static files found"
    for path in shipped:
        relative = path.relative_to(folder).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), f"{relative} would be missing from the wheel"


def test_the_image_installs_every_package_and_runs_the_bot() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for package in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        assert f"COPY {package.rstrip('*')} " in dockerfile
    defaults = Settings(_env_file=None)
    assert f"EXPOSE {defaults.web_port} {defaults.ops_port}" in dockerfile
    assert f"127.0.0.1:{defaults.ops_port}/healthz" in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["supportbot", "run"]')
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and ".venv" in ignored  # no secret and no virtualenv in the build context


def test_compose_runs_the_bot_on_postgresql_with_the_desk() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["environment"]["SUPPORTBOT_DATABASE_URL"].startswith("postgresql+psycopg://supportbot:")
    assert bot["environment"]["SUPPORTBOT_WEB_ENABLED"] == "true"
    # Over .env (copied from .env.example, which binds 127.0.0.1): in a container that would be unreachable.
    assert bot["environment"]["SUPPORTBOT_WEB_HOST"] == bot["environment"]["SUPPORTBOT_OPS_HOST"] == "0.0.0.0"
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#"))
    assert example["SUPPORTBOT_WEB_HOST"] == "127.0.0.1"  # what the line above protects against
    assert bot["depends_on"]["db"]["condition"] == "service_healthy" and "healthcheck" in db
    assert all(port.startswith("127.0.0.1:") for port in bot["ports"])  # nothing public without a proxy


def test_the_systemd_unit_starts_the_bot() -> None:
    unit = (ROOT / "deploy" / "supportbot.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/supportbot/.venv/bin/supportbot run" in unit and "EnvironmentFile=" in unit


def test_the_scale_compose_splits_roles_over_postgresql_behind_a_balancer() -> None:
    compose = yaml.safe_load((ROOT / "deploy" / "compose.scale.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    roles = {name: s["command"][-1] for name, s in services.items() if s.get("command", [])[:2] == ["supportbot", "run"]}
    assert sorted(roles.values()) == ["ingress", "ingress", "sla", "worker"]
    defaults = Settings(_env_file=None)
    balancer = compose["configs"]["balancer"]["content"]
    for name in (n for n, role in roles.items() if role == "ingress"):
        assert f"{name}:{defaults.slack_http_port}" in balancer and f"{name}:{defaults.telegram_webhook_port}" in balancer
        environment = services[name]["environment"]
        assert environment["SUPPORTBOT_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["SUPPORTBOT_TELEGRAM_WEBHOOK_LISTEN"] == "0.0.0.0"  # reachable from the proxy
    assert services["migrate"]["command"] == ["supportbot", "db", "upgrade"]
    assert all(s["depends_on"]["migrate"]["condition"] == "service_completed_successfully" for n, s in services.items()
               if n in roles)
    assert all(port.startswith("127.0.0.1:") for s in services.values() for port in s.get("ports", []))
