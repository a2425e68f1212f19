#!/usr/bin/env bash
# Backup of the portal: the database (PostgreSQL with pg_dump, or the embedded SQLite file) and the
# uploaded files (MEDIA_ROOT and PRIVATE_MEDIA_ROOT). docs/deploy.md, section 5.
#
#   scripts/backup.sh [ENV_FILE]        default ENV_FILE: /etc/portal/portal.env (or $PORTAL_ENV_FILE)
#
# Tunables (environment or ENV_FILE): BACKUP_DIR (/var/backups/portal), BACKUP_KEEP_DAYS (30).
#
# It fails loudly: any error (an env file that does not load, a missing variable, pg_dump failing,
# an empty or unreadable dump, a missing media folder) stops it with a message on stderr and a
# non-zero exit status, so cron mails it (MAILTO) and monitoring sees it. It never reports success
# for a backup it did not verify.
set -Eeuo pipefail

PARTIAL=() # files of this run, removed on failure: a half-written dump must not pass for a backup
fail() {
    printf 'portal-backup: ERROR: %s\n' "$*" >&2
    ((${#PARTIAL[@]})) && rm -f -- "${PARTIAL[@]}"
    exit 1
}
trap 'fail "falló la línea $LINENO: $BASH_COMMAND"' ERR

ENV_FILE=${1:-${PORTAL_ENV_FILE:-/etc/portal/portal.env}}
[[ -r $ENV_FILE ]] || fail "no se puede leer el archivo de entorno $ENV_FILE"
# Values with spaces or < > must be quoted in the file (see .env.example); a line the shell cannot
# read stops the backup here instead of leaving variables half set.
set -a
# shellcheck disable=SC1090
. "$ENV_FILE" || fail "el archivo de entorno $ENV_FILE no se pudo cargar (¿un valor con espacios sin comillas?)"
set +a

BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-30}
STAMP=$(date +%Y%m%d-%H%M%S)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PORTAL_PYTHON:-$ROOT/.venv/bin/python}
DATABASE_URL=${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$ROOT/private_media}

mkdir -p "$BACKUP_DIR"
umask 077 # the dump holds personal data

case $DATABASE_URL in
    postgres://* | postgresql://*)
        DUMP=$BACKUP_DIR/portal-$STAMP.dump
        PARTIAL+=("$DUMP")
        # Custom format (-Fc): compressed, selective and parallel restore (pg_restore -j).
        pg_dump -Fc --no-owner --no-privileges -d "$DATABASE_URL" -f "$DUMP"
        # A dump pg_restore cannot list is not a backup.
        tables=$(pg_restore --list "$DUMP" | grep -c ' TABLE DATA ' || true)
        [[ $tables -gt 0 ]] || fail "el volcado $DUMP no contiene datos de tablas"
        ;;
    sqlite:///*)
        SOURCE=${DATABASE_URL#sqlite://}
        [[ -s $SOURCE ]] || fail "no existe la base SQLite $SOURCE"
        DUMP=$BACKUP_DIR/portal-$STAMP.sqlite3
        PARTIAL+=("$DUMP")
        # SQLite's online backup API: a consistent copy even while the site writes (WAL).
        "$PYTHON" - "$SOURCE" "$DUMP" <<'PY'
import sqlite3
import sys

source, target = sys.argv[1], sys.argv[2]
with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
    src.backup(dst)
    check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        sys.exit(f"integrity_check: {check}")
    tables = dst.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if tables == 0:
        sys.exit("la copia no tiene tablas")
PY
        tables=$("$PYTHON" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM sqlite_master WHERE type='table'\").fetchone()[0])" "$DUMP")
        ;;
    *)
        fail "DATABASE_URL no es PostgreSQL ni SQLite: ${DATABASE_URL%%:*}://…"
        ;;
esac

for folder in "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"; do
    [[ -d $folder ]] || fail "no existe la carpeta de archivos $folder"
done
FILES=$BACKUP_DIR/media-$STAMP.tar.gz
PARTIAL+=("$FILES")
# Each folder by its own path: they need not share a parent directory.
tar -czf "$FILES" -C "$(dirname "$MEDIA_ROOT")" "$(basename "$MEDIA_ROOT")" \
    -C "$(dirname "$PRIVATE_MEDIA_ROOT")" "$(basename "$PRIVATE_MEDIA_ROOT")"
tar -tzf "$FILES" >/dev/null || fail "el archivo $FILES no se puede leer"

# Keep KEEP_DAYS days here; copy BACKUP_DIR off this machine as well (docs/deploy.md).
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'portal-*' -o -name 'media-*' \) -mtime "+$KEEP_DAYS" -delete

printf 'portal-backup: %s (%s tablas, %s) y %s (%s)\n' \
    "$DUMP" "$tables" "$(du -h "$DUMP" | cut -f1)" "$FILES" "$(du -h "$FILES" | cut -f1)"
