"""Operations documents that work as written: the env file, the backup script, the periodic tasks,
the compose media service. Each runs what docs/deploy.md tells the operator to run."""

import re
import sqlite3
import subprocess
from pathlib import Path

import environ
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
FROM = "Portal de Buenas Prácticas <no-responder@example.cl>"


def _uncommented_example(tmp_path: Path, **overrides) -> Path:
    """.env.example with every `# KEY=value` line switched on, as an operator fills it in."""
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^# ([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            key, value = match.groups()
            lines.append(f"{key}={overrides.pop(key, value)}")
    lines += [f"{key}={value}" for key, value in overrides.items()]
    path = tmp_path / "portal.env"
    path.write_text("\n".join(lines) + "\n")
    return path


def _shell(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", script, "sh", *args], capture_output=True, text=True, timeout=60)


def test_the_env_example_can_be_sourced_by_the_shell_and_read_by_django_environ(tmp_path, monkeypatch):
    env_file = _uncommented_example(tmp_path)

    result = _shell('set -eu; set -a; . "$1"; set +a; printf "%s" "$DEFAULT_FROM_EMAIL"', str(env_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout == FROM

    parsed = {}
    monkeypatch.setattr(environ.Env, "ENVIRON", parsed)
    environ.Env.read_env(env_file, overwrite=True)
    assert parsed["DEFAULT_FROM_EMAIL"] == FROM
    assert parsed["TRUSTED_PROXY_COUNT"] == "1"


def test_every_documented_variable_exists_in_the_example():
    example = (ROOT / ".env.example").read_text()
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", deploy, flags=re.M))
    for name in ("TRUSTED_PROXY_COUNT", "AXES_ADDRESS_FAILURE_LIMIT", "MAX_IMAGE_PIXELS", "SEARCH_READ_TIMEOUT",
                 "STAFF_SESSION_COOKIE_AGE", "PASSWORD_RESET_ADDRESS_LIMIT"):  # fmt: skip
        assert name in documented, name
        assert f"# {name}=" in example, name


# --- backup ------------------------------------------------------------------------------------------


@pytest.fixture
def installation(tmp_path):
    """A small embedded installation: an SQLite database in WAL mode and the two media folders."""
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE page (id INTEGER PRIMARY KEY, title TEXT)")
        connection.executemany("INSERT INTO page (title) VALUES (?)", [("Huertos",), ("Reciclaje",)])
    (tmp_path / "media" / "imagenes").mkdir(parents=True)
    (tmp_path / "media" / "imagenes" / "foto.jpg").write_bytes(b"\xff\xd8 foto")
    (tmp_path / "private" / "postulaciones").mkdir(parents=True)
    (tmp_path / "private" / "postulaciones" / "anexo.pdf").write_bytes(b"%PDF-1.7 anexo")
    return {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "BACKUP_DIR": str(tmp_path / "respaldos"),
    }


def _backup(env_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "backup.sh"), str(env_file)], capture_output=True, text=True, timeout=120
    )


def test_the_backup_script_backs_up_the_database_and_both_media_folders(tmp_path, installation):
    result = _backup(_uncommented_example(tmp_path, **installation))

    assert result.returncode == 0, result.stderr
    backups = Path(installation["BACKUP_DIR"])
    [dump] = backups.glob("portal-*.sqlite3")
    [files] = backups.glob("media-*.tar.gz")
    with sqlite3.connect(dump) as connection:
        assert connection.execute("SELECT title FROM page ORDER BY id").fetchall() == [
            ("Huertos",),
            ("Reciclaje",),
        ]
    listing = subprocess.run(["tar", "-tzf", str(files)], capture_output=True, text=True, check=True).stdout
    assert "media/imagenes/foto.jpg" in listing and "private/postulaciones/anexo.pdf" in listing
    assert "portal-backup:" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEFAULT_FROM_EMAIL": FROM}, "no se pudo cargar"),  # unquoted: the shell cannot read the file
        ({"MEDIA_ROOT": "/no/existe/media"}, "no existe la carpeta"),
        ({"DATABASE_URL": "sqlite:////no/existe/db.sqlite3"}, "no existe la base"),
        ({"DATABASE_URL": "mysql://portal@localhost/portal"}, "ni SQLite"),
    ],
)
def test_the_backup_script_fails_loudly(tmp_path, installation, change, message):
    result = _backup(_uncommented_example(tmp_path, **{**installation, **change}))

    assert result.returncode != 0
    assert "portal-backup: ERROR" in result.stderr and message in result.stderr
    backups = Path(installation["BACKUP_DIR"])
    assert not (backups.exists() and list(backups.iterdir())), "a failed run left a partial backup"


def test_the_backup_script_refuses_an_env_file_it_cannot_read(tmp_path):
    result = _backup(tmp_path / "no-existe.env")
    assert result.returncode != 0 and "no se puede leer" in result.stderr


# --- periodic tasks and compose ----------------------------------------------------------------------


def test_every_periodic_task_is_documented():
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert f"`{entry['task']}`" in deploy, entry["task"]


def test_compose_serves_uploaded_media_read_only_and_never_the_private_files():
    compose = (ROOT / "docker-compose.yml").read_text()
    media_service = compose.split("\n  media:\n", 1)[1].split("\n\n", 1)[0]
    assert "- media:/data/media:ro" in media_service
    assert "private_media" not in media_service
    nginx = (ROOT / "docker" / "media-nginx.conf").read_text()
    assert "alias /data/media/;" in nginx
