"""Full-page cache of the public pages for anonymous visitors, invalidated exactly.

Every cached page is stored under the site's *content version*, a random token kept in the
``pages`` cache (Redis when REDIS_URL is set, otherwise files shared by the workers of one host).
Any change that a public page can show — a page published, unpublished, moved, deleted or saved,
the practices' taxonomy and territory, images and documents, replications, the public improvement
road, search synonyms and the search index, competition results — replaces the token after the
transaction commits (``bump_content_version``): from the next request on, every page is rendered
again. Old entries are never read again and expire by themselves.

What is never cached (``AnonymousPageCacheMiddleware``):

- a request carrying the session cookie (a signed-in user, or anyone with a session) or the
  messages cookie, or an Authorization header: they neither read nor fill the cache;
- a response that sets a cookie (a CSRF token, a message), that used the CSRF token, that shows
  a message, that says ``private``/``no-store``/``no-cache``, or that is not a 200 HTML page of an
  allow-listed view (Wagtail pages and the search page: ``PAGE_CACHE_VIEWS``).

A cache outage (Redis down, a full disk) only costs speed: every cache call is guarded and a failed
one behaves as a miss. Settings: ``PAGE_CACHE_ENABLED`` (default on; off in the test settings),
``PAGE_CACHE_TIMEOUT`` (seconds an entry lives at most, default 600: it bounds what no event
announces, such as a call opening at a given hour), ``PAGE_CACHE_ALIAS`` (default ``"pages"``).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from contextlib import suppress

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

from evaluacion.signals import results_published

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:content-version"
HEADER = "X-Page-Cache"
# Response headers never replayed from the cache (the outer middleware add their own).
SKIPPED_HEADERS = frozenset({"set-cookie", "content-length", "content-security-policy", "permissions-policy"})
DEFAULT_VIEWS = ("wagtail_serve", "search:search")


def _alias() -> str:
    return getattr(settings, "PAGE_CACHE_ALIAS", "pages")


def _cache():
    return caches[_alias()]


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def content_version() -> str | None:
    """The current content token; a fresh one when none is stored. None when the cache fails."""
    try:
        cache = _cache()
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - a broken cache is a miss, never an error page
        logger.warning("Caché de páginas no disponible al leer la versión", exc_info=True)
        return None
    return version


def _bump_now() -> None:
    try:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001
        # Entries also expire after PAGE_CACHE_TIMEOUT; with the cache down nothing is served anyway.
        logger.warning("Caché de páginas no disponible al invalidar", exc_info=True)


def bump_content_version() -> None:
    """Invalidate every cached page and precomputed list, once the current transaction commits.

    After the commit, not before: a request that starts in between would otherwise render the old
    rows and store them under the new token.
    """
    transaction.on_commit(_bump_now)


def versioned_key(prefix: str, *parts: str) -> str | None:
    """A cache key tied to the content version (None when the cache is unavailable)."""
    version = content_version()
    if version is None:
        return None
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"portal:{prefix}:{version}:{digest}"


# -- the middleware ------------------------------------------------------------------------------


def _request_is_anonymous(request) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _allowed_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.view_name in getattr(settings, "PAGE_CACHE_VIEWS", DEFAULT_VIEWS)


def _shows_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(getattr(storage, "_queued_messages", None) or getattr(storage, "_loaded_data", None))


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries this visitor's CSRF token
    if _shows_messages(request):
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False  # the page may depend on (or start) a session
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    # Cookie: only requests without session/messages cookies get here; language is in the key.
    if vary - {"cookie", "accept-language", "accept-encoding"}:
        return False
    return _allowed_view(request)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET/HEAD requests of public pages from the cache; fill it on a miss.

    Placed after LocaleMiddleware/CommonMiddleware (language known, slash redirects done) and before
    the CSRF, authentication and messages middleware, which a cached page does not need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _key(self, request, version: str) -> str:
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        raw = "\x1f".join([request.get_host(), request.scheme, language, request.get_full_path()])
        return f"portal:page:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"

    def __call__(self, request):
        if not enabled() or request.method not in ("GET", "HEAD") or not _request_is_anonymous(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        try:
            key = self._key(request, version)
        except Exception:  # noqa: BLE001 - a disallowed host: let the normal path answer it
            return self.get_response(request)
        cached = None
        with suppress(Exception):
            cached = _cache().get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(request, response):
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
            ]
            try:
                _cache().set(
                    key,
                    (response.status_code, headers, response.content),
                    getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
                )
            except Exception:  # noqa: BLE001
                logger.warning("Caché de páginas no disponible al guardar", exc_info=True)
            response[HEADER] = "miss"
        return response


# -- invalidation ---------------------------------------------------------------------------------

# Models (besides every Wagtail page type) whose rows public pages show. Saving or deleting one
# invalidates the cache. Image renditions are left out on purpose: they are created while pages
# render, and they never change what a page says.
WATCHED_MODELS = frozenset(
    {
        "wagtailcore.pageviewrestriction",
        "wagtailcore.site",
        "wagtailcore.locale",
        "wagtailimages.image",
        "wagtaildocs.document",
        "core.country",
        "core.region",
        "core.province",
        "core.comuna",
        "core.municipality",
        "core.category",
        "core.theme",
        "core.sustainabledevelopmentgoal",
        "concurso.call",
        "evaluacion.publication",
        "transferencia.replication",
        "transferencia.replicationstage",
        "calidad.improvementcommittee",
        "calidad.improvementplan",
        "calidad.actionline",
        "calidad.selfassessment",
        "search.synonymgroup",
        "search.indexstate",
    }
)
WATCHED_APPS = frozenset({"portal"})
SEARCH_TASKS = frozenset({"search.tasks.sync_page", "search.tasks.sync_subtree"})


def is_watched(model) -> bool:
    from wagtail.models import Page

    meta = model._meta
    return meta.app_label in WATCHED_APPS or meta.label_lower in WATCHED_MODELS or issubclass(model, Page)


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures being loaded
    if is_watched(sender):
        bump_content_version()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_watched(type(instance)):
        bump_content_version()


def _on_page_event(sender, **kwargs):
    bump_content_version()


def _on_task_done(sender=None, **kwargs):
    # The search index (embedded or Elasticsearch) changed in a worker: search pages must follow.
    if getattr(sender, "name", "") in SEARCH_TASKS:
        _bump_now()


def connect() -> None:
    from celery.signals import task_postrun
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    post_save.connect(_on_model_change, dispatch_uid="page_cache_saved")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")
    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
        (page_slug_changed, "slug"),
        (results_published, "results"),
    ):
        signal.connect(_on_page_event, dispatch_uid=f"page_cache_{name}")
    task_postrun.connect(_on_task_done, dispatch_uid="page_cache_search_tasks", weak=False)
