"""A practice's recognition is structured data (issue 15, point 3): the call result itself for calls of
this platform, a record (competition, year, level, link) for any other; never free text."""

import csv

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import ExternalRecognition, GoodPracticePage
from portal.services.practices_io import COLUMNS, export_practices, import_practices
from tests.factories.concurso import CallFactory, SubmissionFactory
from tests.factories.core import CategoryFactory
from tests.factories.evaluacion import DecisionFactory
from tests.factories.portal import good_practice_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(name="Participación", slug="participacion")


@pytest.fixture
def past_call(db):
    call = CallFactory(
        title="Concurso de Buenas Prácticas Municipales 2025", slug="buenas-practicas-2025", year=2025
    )
    call.results_published_at = timezone.now()
    call.save(update_fields=["results_published_at"])
    return call


def _row(external_id, **extra):
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {
            "external_id": external_id,
            "title": f"Práctica {external_id}",
            "municipality": "04101",
            "category": "participacion",
            "year": "2021",
            "summary": "Resumen.",
            "previous_situation": "Antes.",
            "objectives": "Objetivo.",
            "description": "Se hizo.",
            "results": "Mejoró.",
        }
    )
    values.update(extra)
    return values


def _import(tmp_path, rows):
    path = tmp_path / "practicas.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return import_practices(path=path)


def test_a_row_naming_a_platform_call_is_linked_to_its_published_result(
    library, category, past_call, tmp_path, client
):
    submission = SubmissionFactory(call=past_call, category=category)
    decision = DecisionFactory(submission=submission, outcome="mencion")
    other = SubmissionFactory(
        call=past_call, municipality=submission.municipality.__class__.objects.get(comuna__code="04102")
    )
    DecisionFactory(submission=other, outcome="ganadora")
    report = _import(
        tmp_path,
        [
            _row(
                "por-titulo", competition_name=past_call.title.upper(), competition_result="Mención honrosa"
            ),
            _row("por-codigo", competition_name="BP25"),
            _row("por-postulacion", competition_entry=submission.code.lower()),
        ],
    )
    assert report.errors == [] and len(report.created) == 3
    for page in GoodPracticePage.objects.filter(external_id__startswith="por-"):
        assert page.competition_decision_id == decision.pk
        assert not page.external_recognitions.exists()
    page = GoodPracticePage.objects.get(external_id="por-titulo")
    [recognition] = page.recognitions
    assert (
        recognition.on_platform
        and recognition.level == "mencion"
        and recognition.entry_code == submission.code
    )
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("concurso:call_detail", args=[past_call.slug])}#resultados"' in html
    assert "Mención honrosa" in html
    assert submission.code in html


def test_a_row_naming_a_platform_call_without_that_result_is_refused_in_spanish(
    library, category, past_call, tmp_path
):
    SubmissionFactory(call=past_call)  # La Serena entered, but the committee decided nothing for it
    unpublished = CallFactory(title="Concurso 2026", slug="buenas-practicas-2026", year=2026)
    report = _import(
        tmp_path,
        [
            _row("sin-resultado", competition_name="buenas-practicas-2025", competition_result="ganadora"),
            _row("no-publicada", competition_name=unpublished.title),
            _row("anio-distinto", competition_name=past_call.title, competition_year="2024"),
            _row("postulacion-inexistente", competition_entry="BP25-ZZZZZ"),
            _row(
                "externa",
                competition_name="Premio UIM",
                competition_year="2019",
                competition_result="finalista",
                competition_url="https://uim.example/premios/2019",
            ),
        ],
    )
    messages = {error.external_id: " ".join(error.messages) for error in report.errors}
    assert set(messages) == {"sin-resultado", "no-publicada", "anio-distinto", "postulacion-inexistente"}
    assert (
        "existe en la plataforma, pero no tiene un resultado publicado ganadora para"
        in messages["sin-resultado"]
    )
    assert "aún no publica sus resultados" in messages["no-publicada"]
    assert "es de 2025, no de 2024" in messages["anio-distinto"]
    assert "No existe la postulación «BP25-ZZZZZ»" in messages["postulacion-inexistente"]
    assert report.created == ["externa"]  # one bad row never blocks the others
    assert not GoodPracticePage.objects.filter(external_id="sin-resultado").exists()


def test_outside_recognitions_become_records_and_round_trip(library, category, tmp_path, client):
    report = _import(
        tmp_path,
        [
            _row(
                "uim",
                competition_name="Premio Iberoamericano UIM 2019",
                competition_result="ganadora",
                competition_url="https://uim.example/2019",
            ),
            _row("sin-anio", competition_name="Premio regional"),
        ],
    )
    assert [error.external_id for error in report.errors] == ["sin-anio"]
    assert "Indique el año" in report.errors[0].messages[0]
    page = GoodPracticePage.objects.get(external_id="uim")
    [record] = page.external_recognitions.all()
    assert (record.competition, record.year, record.level, record.url) == (
        "Premio Iberoamericano UIM 2019",
        2019,
        "ganadora",
        "https://uim.example/2019",
    )
    html = client.get(page.url).content.decode()
    assert "Otro concurso o premio" in html and 'href="https://uim.example/2019"' in html
    api = client.get(reverse("api:practice-detail", args=[page.pk])).json()
    assert api["reconocimientos"] == [
        {
            "concurso": "Premio Iberoamericano UIM 2019",
            "anio": 2019,
            "resultado": "ganadora",
            "en_el_portal": False,
            "postulacion": "",
            "categoria": "",
            "url": "https://uim.example/2019",
        }
    ]
    assert api["concurso"] == "Premio Iberoamericano UIM 2019" and api["resultado_concurso"] == "ganadora"
    # Export then import again: nothing changes.
    exported = tmp_path / "exportadas.csv"
    with open(exported, "w", encoding="utf-8", newline="") as stream:
        export_practices(stream=stream)
    again = import_practices(path=exported)
    assert again.errors == [] and again.unchanged == ["uim"]


def test_the_library_filter_reads_only_structured_recognitions(library, category, past_call, client):
    submission = SubmissionFactory(call=past_call, category=category)
    linked = good_practice_factory(title="Enlazada", competition_name="", parent=library)
    linked.competition_decision = DecisionFactory(submission=submission, outcome="ganadora")
    linked.save_revision().publish()
    outside = good_practice_factory(
        title="De otro concurso",
        competition_name="Premio UIM 2019",
        competition_result="ganadora",
        parent=library,
    )
    good_practice_factory(
        title="Finalista", competition_name="Premio UIM 2019", competition_result="finalista", parent=library
    )
    hidden_call = CallFactory(year=2026)  # results not published: its decision is no recognition yet
    hidden = good_practice_factory(title="Sin publicar", competition_name="", parent=library)
    hidden.competition_decision = DecisionFactory(
        submission=SubmissionFactory(call=hidden_call), outcome="ganadora"
    )
    hidden.save_revision().publish()
    html = client.get(library.url, {"reconocimiento": "ganadora"}).content.decode()
    assert linked.title in html and outside.title in html
    assert "Finalista</a>" not in html and "Sin publicar" not in html
    assert hidden.recognitions == []


def test_the_editor_panel_offers_the_call_result_and_outside_records(admin_client, library, category):
    page = good_practice_factory(parent=library)
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="competition_decision"' in html
    assert "external_recognitions-TOTAL_FORMS" in html and "Concurso 2023" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_data_migration_structures_free_text():
    """portal 0006: a free-text recognition naming a platform call with the municipality's result is
    linked to that decision; any other becomes an outside record (year from the text)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("portal", "0005_improvementproject_action_line")]
    after = [("portal", "0008_remove_free_text_recognitions")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Page = old.get_model("portal", "GoodPracticePage")
    call = CallFactory(title="Concurso Municipal 2025", slug="concurso-municipal-2025", year=2025)
    submission = SubmissionFactory(call=call)
    decision = DecisionFactory(submission=submission, outcome="ganadora")
    locale, _ = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="es")
    ContentType = old.get_model("contenttypes", "ContentType")
    page_type, _ = ContentType.objects.get_or_create(app_label="portal", model="goodpracticepage")
    common = {
        "municipality_id": submission.municipality_id,
        "category_id": CategoryFactory().pk,
        "year": 2020,
        "summary": "r",
        "previous_situation": "",
        "objectives": "",
        "description": "",
        "results": "",
        "content_type_id": page_type.pk,
        "depth": 3,
        "numchild": 0,
        "locale_id": locale.pk,
    }
    linked = Page.objects.create(
        title="a",
        slug="a",
        path="000100010001",
        competition_name="concurso municipal 2025",
        competition_result="ganadora",
        **common,
    )
    outside = Page.objects.create(
        title="b",
        slug="b",
        path="000100010002",
        competition_name="Premio UIM 2019",
        competition_result="mencion",
        **common,
    )
    plain = Page.objects.create(title="c", slug="c", path="000100010003", **common)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Page = new.get_model("portal", "GoodPracticePage")
    External = new.get_model("portal", "ExternalRecognition")
    assert Page.objects.get(pk=linked.pk).competition_decision_id == decision.pk
    record = External.objects.get(page_id=outside.pk)
    assert (record.competition, record.year, record.level) == ("Premio UIM 2019", 2019, "mencion")
    assert not External.objects.filter(page_id__in=[linked.pk, plain.pk]).exists()
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert ExternalRecognition.objects.count() == 1
