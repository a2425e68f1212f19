"""Only live, public content reaches the index, through tasks queued on commit."""

import io
import logging
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from portal.models.pages import StandardPage
from search import services, tasks
from search.backends import SearchRequest, get_embedded_backend


def found(query):
    return [hit.page_id for hit in get_embedded_backend().search(SearchRequest(query=query)).hits]


def found_everywhere(query):
    """What every written index finds: the embedded one and, with ELASTICSEARCH_URL, the server."""
    results = {
        backend.name: sorted(
            hit.page_id for hit in backend.search(SearchRequest(query=query, per_page=50)).hits
        )
        for backend in services.write_backends()
    }
    assert len(set(map(tuple, results.values()))) == 1, results
    return next(iter(results.values()))


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


@pytest.fixture
def live_practice(make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = make_practice(
            "Compostaje domiciliario en Vicuña",
            summary="Familias que compostan sus residuos.",
            comuna="04106",
        )
    assert callbacks, "publishing must queue an indexing task on commit"
    return page


def test_publishing_indexes_the_page(live_practice):
    assert found_everywhere("compostaje") == [live_practice.pk]
    document = get_embedded_backend().search(SearchRequest(query="compostaje")).hits[0]
    assert (document.comuna, document.region, document.url) == ("Vicuña", "Coquimbo", live_practice.url)


def test_nothing_is_indexed_before_commit(make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_practice("Ferias libres ordenadas")
    assert found("ferias") == []
    assert len(callbacks) >= 1


def test_draft_changes_never_reach_the_index(live_practice, django_capture_on_commit_callbacks):
    draft = live_practice.specific
    draft.title = "Compostaje con palabra zanahoriasecreta"
    draft.summary = "Texto del borrador con zanahoriasecreta."
    with django_capture_on_commit_callbacks(execute=True):
        revision = draft.save_revision()
    assert "zanahoriasecreta" in revision.content["summary"]  # the draft really holds the word
    # Even an explicit re-sync or a full rebuild reads the live row, not the revision.
    services.sync_page(live_practice.pk)
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    assert found_everywhere("zanahoriasecreta") == []
    assert found_everywhere("compostaje") == [live_practice.pk]


def test_unpublished_drafts_are_not_indexed(make_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_practice("Borrador de ciclovías", publish=False)
        page.save_revision()
    services.sync_page(page.pk)
    assert found_everywhere("ciclovias") == []


def test_unpublishing_removes(live_practice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live_practice.unpublish()
    assert found_everywhere("compostaje") == []


def test_deleting_removes(live_practice, django_capture_on_commit_callbacks):
    page_id = live_practice.pk
    with django_capture_on_commit_callbacks(execute=True):
        live_practice.delete()
    assert found_everywhere("compostaje") == []
    assert page_id not in get_embedded_backend().indexed_ids()


def test_making_a_section_private_removes_its_pages_and_back(
    live_practice, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=site_tree["library"], restriction_type=PageViewRestriction.LOGIN
        )
    assert found_everywhere("compostaje") == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found_everywhere("compostaje") == [live_practice.pk]


def test_moving_under_a_private_page_removes(live_practice, site_tree, django_capture_on_commit_callbacks):
    private = site_tree["home"].add_child(instance=StandardPage(title="Interna", slug="interna"))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        live_practice.move(private, pos="last-child")
    assert found_everywhere("compostaje") == []


def test_publishing_succeeds_when_the_search_server_is_down(
    make_practice, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    with caplog.at_level(logging.WARNING, logger="search"), django_capture_on_commit_callbacks(execute=True):
        page = make_practice("Reciclaje de aceite en Paihuano", comuna="04105")
    assert page.live
    # The embedded copy is up to date, so the public search still finds it.
    assert found("aceite") == [page.pk]
    assert any("elasticsearch" in record.getMessage() for record in caplog.records)


def test_failed_indexing_is_retried_with_backoff(live_practice, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"

    class Retry(Exception):
        pass

    with mock.patch.object(tasks.sync_page, "retry", side_effect=Retry) as retry, pytest.raises(Retry):
        tasks.sync_page.run(live_practice.pk)
    assert retry.call_args.kwargs["countdown"] == 30
    assert retry.call_args.kwargs["max_retries"] == tasks.MAX_RETRIES


def test_rebuild_command_indexes_only_live_public_pages(make_practice, make_distinction, make_news):
    live = make_practice("Reciclaje de neumáticos")
    draft = make_practice("Reciclaje de baterías", publish=False)
    distinction = make_distinction("Sello de calidad municipal")
    news = make_news("Escuela de verano")
    get_embedded_backend().clear()
    out = io.StringIO()
    call_command("search_rebuild", "--no-progress", stdout=out)
    for backend in services.write_backends():
        assert backend.indexed_ids() == {live.pk, distinction.pk, news.pk}, backend.name
        assert draft.pk not in backend.indexed_ids()


def test_related_practices_are_live_practices_from_the_index(make_practice):
    base = make_practice(
        "Reciclaje de vidrio en barrios",
        summary="Puntos limpios de reciclaje de vidrio.",
        category_name="Medio ambiente",
    )
    similar = make_practice(
        "Reciclaje de vidrio en escuelas",
        summary="Reciclaje de vidrio escolar.",
        category_name="Medio ambiente",
    )
    make_practice("Presupuesto participativo", summary="Vecinos deciden inversiones.")
    hidden = make_practice(
        "Reciclaje de vidrio en ferias",
        summary="Reciclaje de vidrio en ferias libres.",
        category_name="Medio ambiente",
    )
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    hidden.unpublish()  # still in the index here: only live pages may be shown
    assert hidden.pk in services.related_page_ids(base.pk, limit=4)
    related = base.related_practices(limit=4)
    assert related[0] == similar
    assert hidden not in related
    assert base not in related


def test_demo_step_rebuilds_the_index(make_practice):
    from demo import search as demo

    page = make_practice("Bibliotecas móviles rurales")
    get_embedded_backend().clear()
    out = io.StringIO()
    demo.load(stdout=out)
    demo.load(stdout=out)  # idempotent
    assert found("biblioteca") == [page.pk]
    assert "1 documentos" in out.getvalue()
    # Example synonyms for editors, once each: "wifi" finds what says "internet inalámbrico".
    from search.models import SynonymGroup

    assert SynonymGroup.objects.count() == len(demo.DEMO_SYNONYMS)
    assert SynonymGroup.objects.filter(terms="wifi, internet inalámbrico").exists()


def test_draft_secret_word_is_not_on_the_public_search_page(
    live_practice, client, django_capture_on_commit_callbacks
):
    draft = live_practice.specific
    draft.summary = "Borrador con la palabra pimientasecreta."
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()
    response = client.get(reverse("search:search"), {"q": "pimientasecreta"})
    assert response.status_code == 200
    assert response.context["results"].total == 0
    assert client.get(reverse("search:suggest"), {"q": "pimientasecr"}).json() == {"suggestions": []}
    # Once published, the same word is found.
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_latest_revision().publish()
    assert found_everywhere("pimientasecreta") == [live_practice.pk]


def test_deleting_a_section_removes_its_pages(live_practice, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["library"].delete()
    assert found_everywhere("compostaje") == []
    for backend in services.write_backends():
        assert live_practice.pk not in backend.indexed_ids()


def test_winner_drafts_are_indexed_when_an_editor_publishes_them(
    site_tree, django_capture_on_commit_callbacks
):
    """Evaluation publishes winners as GoodPracticePage drafts; the editor's publication indexes them."""
    from tests.factories.portal import good_practice_factory

    with django_capture_on_commit_callbacks(execute=True):
        page = good_practice_factory(
            parent=site_tree["library"],
            publish=False,
            title="Reciclaje de aceite ganador",
            summary="Ganadora del concurso: reciclaje de aceite de cocina en ferias.",
        )
    assert not page.live
    assert found_everywhere("aceite") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.save_revision().publish()
    assert callbacks, "page_published must queue the indexing"
    assert found_everywhere("aceite") == [page.pk]


def test_winner_from_the_evaluation_service_is_indexed_once_published(
    site_tree, django_capture_on_commit_callbacks
):
    from concurso.models import SubmissionStatus
    from core.models import Role
    from evaluacion.models import DecisionChoice
    from portal.library_drafts import create_practice_draft
    from portal.models.pages import GoodPracticePage
    from tests.factories.concurso import CallFactory, SubmissionFactory
    from tests.factories.evaluacion import DecisionFactory

    submission = SubmissionFactory(
        call=CallFactory(),
        complete=True,
        status=SubmissionStatus.ADMISSIBLE,
        title="Lombricultura en jardines infantiles",
        summary="Los jardines infantiles transforman residuos orgánicos con lombrices.",
    )
    decision = DecisionFactory(submission=submission, outcome=DecisionChoice.WINNER)
    staff = get_user_model().objects.create_user(email="coordinacion@asoc.cl")
    staff.add_role(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        page = create_practice_draft(decision=decision, actor=staff)
    assert page is not None and not page.live
    assert found_everywhere("lombrices") == []
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    page = GoodPracticePage.objects.get(pk=page.pk)
    assert page.live
    assert found_everywhere("lombrices") == [page.pk]
    hit = get_embedded_backend().search(SearchRequest(query="lombricultura")).hits[0]
    assert (hit.page_id, hit.comuna, hit.category) == (page.pk, "La Serena", submission.category.name)


def test_unpublishing_a_distinction_clears_the_level_of_its_practices(
    make_practice, make_distinction, django_capture_on_commit_callbacks
):
    seal = make_distinction("Sello oro de gestión", level="oro")
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice("Gestión de reclamos vecinales", distinction=seal)

    def level():
        facets = get_embedded_backend().search(SearchRequest(query="reclamos")).facets
        return {v.value for v in facets["level"]}

    assert level() == {"oro"}
    with django_capture_on_commit_callbacks(execute=True):
        seal.unpublish()
    assert found_everywhere("reclamos") == [practice.pk]
    assert level() == set()


def test_renaming_a_section_updates_the_urls_of_its_pages(
    live_practice, site_tree, django_capture_on_commit_callbacks
):
    library = site_tree["library"]
    library.slug = "casos"
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()
    live_practice.refresh_from_db()
    assert "/casos/" in live_practice.url
    for backend in services.write_backends():
        (hit,) = backend.search(SearchRequest(query="compostaje")).hits
        assert hit.url == live_practice.url, backend.name
