from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"
DEMO_USERS_ENABLED = True
# The demo users all share the made-up domain demo.cl: it names no institution (conflict detection).
SHARED_EMAIL_DOMAINS = ["demo.cl"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process during tests even when CELERY_BROKER_URL is set (the services run): nothing
# consumes the broker there. tests/integration starts a real worker and switches this off itself.
CELERY_TASK_ALWAYS_EAGER = True
# The full-page cache (portal.page_cache) stays off: the database rolls back after each test but a
# cache would not. tests/portal/test_page_cache.py switches it on with a fresh local-memory cache.
PAGE_CACHE_ENABLED = False
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
