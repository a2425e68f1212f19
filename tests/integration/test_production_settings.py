"""Production settings: `check --deploy` is clean, required values are enforced, logs are JSON lines."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from portal.logging import JsonFormatter

REPO_ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "buenaspracticas.example.cl",
        "CSRF_TRUSTED_ORIGINS": "https://buenaspracticas.example.cl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_hsts_preload_enabled(tmp_path):
    result = manage(
        production_env(tmp_path, SECURE_HSTS_PRELOAD="true"), "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "(1 silenced)" in result.stdout


def test_a_weak_secret_key_is_reported(tmp_path):
    result = manage(
        production_env(tmp_path, SECRET_KEY="corta"), "check", "--deploy", "--fail-level", "WARNING"
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_values(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: None}), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_security_values_come_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.STORAGES['staticfiles']['BACKEND'])"
    )
    env = production_env(tmp_path, ALLOWED_HOSTS="a.example.cl,b.example.cl", SECURE_HSTS_SECONDS="600")
    result = manage(env, "shell", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['a.example.cl', 'b.example.cl'] ['https://buenaspracticas.example.cl'] True True True 600 "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_logs_are_json_lines(tmp_path):
    code = "import logging; logging.getLogger('portal.prueba').warning('Señal %s', 'recibida', extra={'entry_id': 7})"
    result = manage(production_env(tmp_path), "shell", "-c", code)

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    ours = [record for record in records if record["logger"] == "portal.prueba"]
    assert len(ours) == 1
    assert {key: ours[0][key] for key in ("level", "logger", "message", "entry_id")} == {
        "level": "WARNING",
        "logger": "portal.prueba",
        "message": "Señal recibida",
        "entry_id": 7,
    }


def test_json_formatter_includes_exceptions_and_reprs_objects():
    record = logging.LogRecord("portal.x", logging.ERROR, __file__, 1, "fallo %d", (3,), None)
    record.payload = {"a": 1}
    try:
        raise ValueError("malo")
    except ValueError:
        record.exc_info = sys.exc_info()

    data = json.loads(JsonFormatter().format(record))

    assert (data["level"], data["logger"], data["message"], data["payload"]) == (
        "ERROR",
        "portal.x",
        "fallo 3",
        "{'a': 1}",
    )
    assert "ValueError: malo" in data["exc"]
    assert data["ts"].endswith("+00:00")
