# syntax=docker/dockerfile:1
# Production image of the portal: gunicorn serving Django/Wagtail; the same image runs the Celery
# worker and beat (see docker-compose.yml and docs/deploy.md).
#
#   docker build -t portal .
#   docker run --env-file .env -p 8000:8000 portal

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# ---- build: virtualenv with the production lock, compiled translations, collected static files
FROM base AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements/prod.txt /tmp/requirements-prod.txt
# Production dependencies only, every file checked against the hashes of the lock (`make lock`);
# CI tests the same versions (requirements/dev.txt is this set plus the test tools).
RUN pip install --require-hashes --no-deps -r /tmp/requirements-prod.txt
WORKDIR /app
COPY . .
# collectstatic runs with the production settings (hashed, compressed files for whitenoise).
# SECRET_KEY and ALLOWED_HOSTS here are placeholders for this build step only: they are not kept
# in the image, the real ones come from the environment at run time.
RUN export DJANGO_SETTINGS_MODULE=portal.settings.production \
        SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost STATIC_ROOT=/app/staticfiles \
    && python manage.py compilemessages --ignore=.venv --ignore=node_modules \
    && python manage.py collectstatic --noinput --verbosity 0

# ---- runtime
FROM base AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 tini \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal
COPY --from=build /opt/venv /opt/venv
# Code and static files belong to root: the app user can read them, not change them.
COPY --from=build /app /app
RUN mkdir -p /data/media /data/private_media \
    && chown -R portal:portal /data
WORKDIR /app

ENV DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private_media \
    PORT=8000

USER portal
EXPOSE 8000
VOLUME ["/data/media", "/data/private_media"]

HEALTHCHECK --interval=30s --timeout=6s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]

# tini reaps zombies and forwards signals, so `docker stop` lets gunicorn/celery finish cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
