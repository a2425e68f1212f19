"""The anonymous full-page cache (portal.page_cache) and the lists precomputed at publication.

What anonymous visitors see changes as soon as content is published, unpublished, moved, deleted,
its taxonomy changes or competition results are published; signed-in users never read or fill the
cache; a page carrying a CSRF token or a message is never stored; a cache outage is only slower.
"""

import io

import pytest
from django.contrib import messages
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import ResolverMatch

from evaluacion.signals import results_published
from portal import page_cache, precomputed
from portal.models import GoodPracticePage, PrecomputedRelated
from tests.factories.core import CategoryFactory, MunicipalityFactory, UserFactory
from tests.factories.portal import (
    distinction_factory,
    good_practice_factory,
    standard_page_factory,
)

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (cache bumps, indexing tasks) as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


# -- hits and misses --------------------------------------------------------------------------------


def test_anonymous_pages_are_served_from_the_cache(client, site_tree, page_cache_on):
    practice = good_practice_factory(title="Huertos en la escuela")
    first = _get(client, practice.url)
    assert first[HEADER] == "miss"
    second = _get(client, practice.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    # Headers of the outer middleware are set again on a hit, not replayed.
    assert "Content-Security-Policy" in second
    # Another query string is another page.
    assert _get(client, site_tree["library"].url + "?anio=2022")[HEADER] == "miss"


def test_search_page_is_cached_and_follows_the_index(client, site_tree, page_cache_on, commit):
    assert _get(client, "/buscar/?q=compostaje")[HEADER] == "miss"
    assert _get(client, "/buscar/?q=compostaje")[HEADER] == "hit"
    practice = commit(good_practice_factory, title="Compostaje domiciliario")
    response = _get(client, "/buscar/?q=compostaje")
    assert response[HEADER] == "miss"
    assert f'href="{practice.url}"' in response.content.decode()  # (the title comes highlighted)


# -- exact invalidation ---------------------------------------------------------------------------


def test_publish_unpublish_and_delete_change_what_anonymous_visitors_see(
    client, site_tree, page_cache_on, commit
):
    library = site_tree["library"]
    commit(good_practice_factory, title="Práctica existente")
    _get(client, library.url)
    assert _get(client, library.url)[HEADER] == "hit"

    draft = commit(good_practice_factory, title="Reciclaje de vidrio", publish=False)
    assert "Reciclaje de vidrio" not in _get(client, library.url).content.decode()

    commit(lambda: draft.save_revision().publish())
    response = _get(client, library.url)
    assert response[HEADER] == "miss"
    assert "Reciclaje de vidrio" in response.content.decode()
    draft.refresh_from_db()
    assert _get(client, draft.url)[HEADER] == "miss"
    assert _get(client, draft.url)[HEADER] == "hit"

    commit(draft.unpublish)
    assert "Reciclaje de vidrio" not in _get(client, library.url).content.decode()
    assert client.get(draft.url).status_code == 404

    commit(lambda: draft.save_revision().publish())
    assert "Reciclaje de vidrio" in _get(client, library.url).content.decode()
    url = draft.url
    commit(GoodPracticePage.objects.get(pk=draft.pk).delete)
    assert "Reciclaje de vidrio" not in _get(client, library.url).content.decode()
    assert client.get(url).status_code == 404


def test_moving_a_page_changes_both_addresses(client, site_tree, page_cache_on, commit):
    programs = commit(standard_page_factory, title="Programas", slug="programas")
    other = commit(standard_page_factory, title="Otros", slug="otros")
    child = commit(
        standard_page_factory, parent=programs, title="Escuela de líderes", slug="escuela-de-lideres"
    )
    old_url = child.url
    assert _get(client, old_url)[HEADER] == "miss"
    assert _get(client, old_url)[HEADER] == "hit"
    commit(child.move, other, pos="last-child")
    child.refresh_from_db()
    # Not the cached page any more: Wagtail's automatic redirect to the new address.
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, child.url)
    assert _get(client, child.url)[HEADER] == "miss"


def test_editing_a_category_shows_at_once(client, site_tree, page_cache_on, commit):
    category = commit(CategoryFactory, name="Medio ambiente", slug="medio-ambiente")
    practice = commit(good_practice_factory, category=category)
    assert "Medio ambiente" in _get(client, practice.url).content.decode()
    assert _get(client, practice.url)[HEADER] == "hit"
    category.name = "Medioambiente y clima"
    commit(category.save)
    response = _get(client, practice.url)
    assert response[HEADER] == "miss"
    assert "Medioambiente y clima" in response.content.decode()


def test_publishing_competition_results_invalidates_the_pages(client, site_tree, page_cache_on, commit):
    _get(client, "/")
    assert _get(client, "/")[HEADER] == "hit"
    commit(results_published.send, sender=None, call=None, decisions=[], actor=None)
    assert _get(client, "/")[HEADER] == "miss"


def test_publish_results_sends_the_signal(site_tree, page_cache_on, commit, client):
    """evaluacion's publication sends results_published after the commit (portal listens to it)."""
    import datetime as dt

    from django.utils import timezone

    from evaluacion.services.publication import publish_results
    from tests.factories.concurso import CallFactory

    received = []

    def receiver(sender, call, **kwargs):
        received.append(call.pk)

    call = CallFactory(base=timezone.now() - dt.timedelta(days=60))  # every phase over: results
    staff = UserFactory(coordinator=True)
    _get(client, "/")
    assert _get(client, "/")[HEADER] == "hit"
    results_published.connect(receiver, dispatch_uid="test_receiver")
    try:
        commit(publish_results, call=call, actor=staff)
    finally:
        results_published.disconnect(dispatch_uid="test_receiver")
    assert received == [call.pk]
    assert _get(client, "/")[HEADER] == "miss"


def test_the_bump_waits_for_the_commit(page_cache_on, django_capture_on_commit_callbacks):
    before = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.bump_content_version()
    # Until the transaction commits, requests keep the old version (and cannot store new rows under
    # the new one before they are visible).
    assert page_cache.content_version() == before
    for callback in callbacks:
        callback()
    assert page_cache.content_version() != before


def test_renditions_do_not_invalidate(page_cache_on, commit):
    from wagtail.images.models import Rendition

    assert not page_cache.is_watched(Rendition)
    assert page_cache.is_watched(GoodPracticePage)


# -- signed-in users, CSRF tokens and messages --------------------------------------------------------


def test_signed_in_users_never_read_nor_fill_the_cache(client, site_tree, page_cache_on):
    practice = good_practice_factory()
    anonymous = _get(client, practice.url)
    assert anonymous[HEADER] == "miss"
    ana, bea = UserFactory(first_name="Ana"), UserFactory(first_name="Bea")

    client.force_login(ana)
    mine = _get(client, practice.url)
    assert HEADER not in mine
    assert "Mi cuenta" in mine.content.decode()
    assert "Ingresar" not in mine.content.decode()
    ana_token = mine.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    client.force_login(bea)
    other = _get(client, practice.url)
    assert HEADER not in other
    assert ana_token not in other.content.decode()

    client.logout()
    client.cookies.clear()
    back = _get(client, practice.url)
    assert back[HEADER] == "hit"
    assert back.content == anonymous.content
    assert "Mi cuenta" not in back.content.decode()


def _through_middleware(view, request):
    def resolved(request):
        request.resolver_match = ResolverMatch(view, (), {}, url_name="wagtail_serve")
        return view(request)

    return page_cache.AnonymousPageCacheMiddleware(CsrfViewMiddleware(resolved))(request)


def test_a_page_with_a_csrf_token_is_never_stored(page_cache_on):
    def form_page(request):
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')

    factory = RequestFactory()
    first = _through_middleware(form_page, factory.get("/formulario/"))
    assert "csrftoken" in first.cookies
    assert HEADER not in first
    # A visitor who already has the cookie gets no Set-Cookie, but the page still carries the token.
    request = factory.get("/formulario/")
    request.COOKIES["csrftoken"] = first.cookies["csrftoken"].value
    second = _through_middleware(form_page, request)
    assert HEADER not in second
    third = _through_middleware(form_page, factory.get("/formulario/"))
    assert HEADER not in third  # never a hit either


def test_pages_with_messages_or_a_messages_cookie_are_not_cached(client, site_tree, page_cache_on, settings):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    def with_message(request):
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        messages.success(request, "Guardado")
        return HttpResponse("".join(str(m) for m in request._messages))

    factory = RequestFactory()
    response = _through_middleware(with_message, factory.get("/aviso/"))
    assert HEADER not in response
    # A request that brings messages (cookie) bypasses the cache altogether.
    practice = good_practice_factory()
    _get(client, practice.url)
    assert _get(client, practice.url)[HEADER] == "hit"
    client.cookies[
        settings.MESSAGE_COOKIE_NAME if hasattr(settings, "MESSAGE_COOKIE_NAME") else "messages"
    ] = "x"
    assert HEADER not in _get(client, practice.url)


def test_posts_and_non_html_answers_are_not_cached(client, site_tree, page_cache_on):
    assert HEADER not in client.get("/api/territorio/comunas/")
    assert HEADER not in client.get("/api/territorio/comunas/")
    assert client.get("/no-existe/").status_code == 404
    assert HEADER not in client.get("/no-existe/")


# -- outages --------------------------------------------------------------------------------------


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("caché caída")

    get = set = add = delete = clear = incr = touch = has_key = _fail


@pytest.mark.parametrize(
    "backend",
    [
        {"BACKEND": "tests.portal.test_page_cache.BrokenCache"},
        # Redis down (nothing listens on port 1): the degrading backend answers as an empty cache.
        {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    ],
)
def test_a_cache_outage_never_gives_an_error(client, site_tree, settings, backend, commit):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {**settings.CACHES, "pages": backend}
    practice = commit(good_practice_factory, title="Sin caché")
    for url in ("/", practice.url, site_tree["library"].url, "/buscar/?q=cache"):
        response = client.get(url)
        assert response.status_code == 200
        assert HEADER not in response
    assert "Sin caché" in client.get(site_tree["library"].url).content.decode()
    commit(practice.unpublish)  # the bump fails quietly too
    assert precomputed.filter_options()["years"] == []


# -- precomputed lists ----------------------------------------------------------------------------


def test_related_practices_are_stored_when_a_practice_is_published(client, site_tree, commit):
    category = CategoryFactory(name="Reciclaje")
    others = [
        commit(good_practice_factory, title=f"Reciclaje de vidrio {n}", category=category) for n in range(3)
    ]
    practice = commit(good_practice_factory, title="Reciclaje de vidrio en la escuela", category=category)
    stored = PrecomputedRelated.objects.get(pk=practice.pk)
    assert set(stored.related_ids) == {page.pk for page in others}
    shown = _get(client, practice.url).context["related_practices"]
    assert [page.pk for page in shown] == stored.related_ids
    # Rendering does not search: the stored list is what the page shows, even if it is old.
    PrecomputedRelated.objects.filter(pk=practice.pk).update(related_ids=[others[0].pk])
    assert [page.pk for page in _get(client, practice.url).context["related_practices"]] == [others[0].pk]
    # An unpublished related practice drops out; unpublishing a practice drops its list.
    commit(others[0].unpublish)
    assert _get(client, practice.url).context["related_practices"] == []
    commit(practice.unpublish)
    assert not PrecomputedRelated.objects.filter(pk=practice.pk).exists()


def test_a_new_practice_joins_the_lists_of_the_practices_it_is_related_to(site_tree, commit):
    category = CategoryFactory(name="Compostaje")
    older = commit(good_practice_factory, title="Compostaje domiciliario en villas", category=category)
    assert PrecomputedRelated.objects.get(pk=older.pk).related_ids == []  # nothing else existed yet
    newer = commit(good_practice_factory, title="Compostaje domiciliario en condominios", category=category)
    assert PrecomputedRelated.objects.get(pk=newer.pk).related_ids == [older.pk]
    # Publishing the newer one recomputed the older one's list, which now names it.
    assert PrecomputedRelated.objects.get(pk=older.pk).related_ids == [newer.pk]


def test_refresh_related_practices_command(site_tree, commit):
    from django.core.management import call_command

    category = CategoryFactory()
    pages = [good_practice_factory(category=category) for _ in range(3)]
    PrecomputedRelated.objects.all().delete()
    call_command("refresh_related_practices", stdout=io.StringIO())
    assert PrecomputedRelated.objects.count() == 3
    assert set(PrecomputedRelated.objects.get(pk=pages[0].pk).related_ids) == {pages[1].pk, pages[2].pk}


def test_filter_options_follow_publications(site_tree, page_cache_on, commit):
    la_serena = MunicipalityFactory(comuna_code="04101")
    practice = commit(good_practice_factory, year=2019, municipality=la_serena)
    options = precomputed.filter_options()
    assert options["years"] == [2019]
    assert options["comuna_ids"] == [la_serena.comuna_id]
    with CaptureQueriesContext(connection) as queries:
        assert precomputed.filter_options() == options
    assert len(queries) == 0  # cached under the content version
    commit(good_practice_factory, year=2024)
    assert precomputed.filter_options()["years"] == [2024, 2019]
    commit(practice.unpublish)
    assert precomputed.filter_options()["years"] == [2024]


# -- constant query counts (cache off: what a miss costs) --------------------------------------------


def _queries(client, url):
    client.get(url)  # warm-up: Wagtail's per-site caches, renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_public_pages_cost_the_same_queries_for_one_or_many_practices(client, site_tree, commit):
    la_serena = MunicipalityFactory(comuna_code="04101")
    category = CategoryFactory()
    first = commit(good_practice_factory, municipality=la_serena, category=category, title="Primera")
    commit(good_practice_factory, municipality=la_serena, category=category, title="Segunda")
    commit(precomputed.refresh_related, first.pk)
    assert len(PrecomputedRelated.objects.get(pk=first.pk).related_ids) == 1
    distinction = distinction_factory(municipality=la_serena)
    profile = f"{site_tree['municipalities'].url}{la_serena.slug}/"
    urls = ["/", first.url, distinction.url, profile, site_tree["library"].url,
            site_tree["library"].url + f"?categoria={category.slug}&region=04"]  # fmt: skip
    one = {url: _queries(client, url) for url in urls}
    comunas = ["04102", "14101", "16103", "08101"]
    for n in range(12):
        commit(
            good_practice_factory,
            municipality=la_serena if n % 2 else MunicipalityFactory(comuna_code=comunas[n % 4]),
            category=category if n % 3 else CategoryFactory(),
            year=2015 + n,
        )
    commit(precomputed.refresh_related, first.pk)
    assert len(PrecomputedRelated.objects.get(pk=first.pk).related_ids) == precomputed.RELATED_LIMIT
    many = {url: _queries(client, url) for url in urls}
    assert many == one
