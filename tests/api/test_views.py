"""The open data API: only live public content, every case field, the library's filters,
published results only, CSV/XLSX of the same lists, throttling, constant query counts.
Also the events and the quality diagnostic's public aggregates, and each practice's public replication count."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from calidad.selectors import MIN_GROUP
from concurso.models import SubmissionStatus
from core.models import Category, Municipality
from evaluacion.models import DecisionChoice
from portal.selectors import library_practices
from tests.factories.calidad import small_instrument, submitted_diagnostic
from tests.factories.concurso import CallFactory, SubmissionFactory
from tests.factories.core import MunicipalityFactory
from tests.factories.difusion import EventFactory, RegistrationFactory
from tests.factories.evaluacion import DecisionFactory
from tests.factories.portal import distinction_factory, good_practice_factory
from tests.factories.transferencia import ReplicationFactory
from transferencia.models import ReplicationStatus

CASE_FIELDS = {
    "titulo",
    "municipalidad",
    "categoria",
    "temas",
    "ods",
    "anio",
    "periodo_implementacion",
    "resumen",
    "situacion_previa",
    "objetivos",
    "descripcion",
    "resultados",
    "indicadores",
    "participacion_ciudadana",
    "sostenibilidad",
    "replicabilidad",
    "lecciones_aprendidas",
    "socios",
    "presupuesto_clp",
    "documentos",
    "concurso",
    "resultado_concurso",
    "distincion",
    "fuente",
}


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_root_names_the_resources_the_licence_and_the_openapi_document(client, db):
    data = get_json(client, reverse("api:root"))
    assert set(data["recursos"]) == {
        "practicas",
        "distinciones",
        "convocatorias",
        "comunas",
        "eventos",
        "calidad",
    }
    assert "CC BY 4.0" in data["licencia"]["nombre"]
    assert data["openapi"].endswith("/api/v1/openapi.json")


def test_practices_are_the_library_live_and_public_only(client, library):
    shown = good_practice_factory(parent=library)
    good_practice_factory(parent=library, publish=False)  # draft
    private = good_practice_factory(parent=library)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unpublished = good_practice_factory(parent=library)
    unpublished.unpublish()

    data = get_json(client, reverse("api:practice-list"))
    assert [item["id"] for item in data["resultados"]] == [shown.pk]
    assert data["total"] == library_practices().count() == 1
    for page in (private, unpublished):
        assert client.get(reverse("api:practice-detail", args=[page.pk])).status_code == 404


def test_practice_detail_has_every_field_of_the_case_format(client, library):
    page = good_practice_factory(parent=library, indicators=[("Reclamos", "120", "30", "al mes")])
    data = get_json(client, reverse("api:practice-detail", args=[page.pk]))
    assert set(data) >= CASE_FIELDS
    assert data["indicadores"] == [
        {"indicador": "Reclamos", "linea_base": "120", "resultado": "30", "unidad": "al mes"}
    ]
    assert data["municipalidad"]["comuna_codigo"] == page.municipality.comuna.code
    assert data["situacion_previa"] == "<p>Situación previa.</p>"
    assert data["url"].endswith(page.url)


def test_practices_are_filtered_like_the_library(client, library):
    laserena = Municipality.objects.get(comuna__code="04101")
    valdivia = Municipality.objects.get(comuna__code="14101")
    waste = Category.objects.create(name="Residuos", slug="residuos")
    a = good_practice_factory(parent=library, municipality=laserena, category=waste, year=2021)
    good_practice_factory(parent=library, municipality=valdivia, category=waste, year=2023)
    good_practice_factory(parent=library, municipality=laserena, year=2023)

    def ids(**params):
        return sorted(
            item["id"] for item in get_json(client, reverse("api:practice-list"), **params)["resultados"]
        )

    assert ids(categoria="residuos", region="04") == [a.pk]
    assert ids(comuna="04101", anio="2021") == [a.pk]
    assert len(ids(categoria="residuos")) == 2
    response = client.get(reverse("api:practice-list"), {"region": "99"})
    assert response.status_code == 400  # an unknown value is refused, not ignored


def test_pagination_and_page_size(client, library):
    for _n in range(5):
        good_practice_factory(parent=library)
    data = get_json(client, reverse("api:practice-list"), por_pagina=2, pagina=3)
    assert (data["total"], len(data["resultados"]), data["siguiente"]) == (5, 1, None)


def test_list_query_count_does_not_grow_with_the_number_of_practices(client, library):
    good_practice_factory(parent=library)
    client.get(reverse("api:practice-list"))  # warms the site's root-path cache, as on a live server
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("api:practice-list"))
    for _n in range(6):
        good_practice_factory(parent=library)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("api:practice-list"))
    assert len(many) == len(one)


def test_csv_and_xlsx_carry_the_whole_list_and_defuse_formulas(client, library):
    good_practice_factory(parent=library, title='=HYPERLINK("http://x","ver")')
    for _n in range(25):  # more than a page: a download is the whole list
        good_practice_factory(parent=library)

    response = client.get(reverse("api:practice-list"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 26
    assert CASE_FIELDS - {"municipalidad"} <= set(rows[0])
    assert {row["titulo"] for row in rows if "HYPERLINK" in row["titulo"]} == {
        '\'=HYPERLINK("http://x","ver")'
    }
    assert "<p>" not in rows[0]["descripcion"]

    response = client.get(reverse("api:practice-list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    titles = [row[header.index("titulo")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(titles) == 26 and '\'=HYPERLINK("http://x","ver")' in titles


def test_distinctions_list(client, distinction_index):
    page = distinction_factory(parent=distinction_index, projects=["Proyecto A"])
    data = get_json(client, reverse("api:distinction-list"))
    assert [(item["id"], item["proyectos_de_mejora"]) for item in data["resultados"]] == [
        (page.pk, ["Proyecto A"])
    ]


def test_comunas_are_the_346_of_chile(client, db):
    data = get_json(client, reverse("api:comuna-list"))
    assert len(data) == 346
    assert get_json(client, reverse("api:comuna-detail", args=["04101"]))["nombre"] == "La Serena"


def test_call_results_appear_only_after_publication(client, db):
    call = CallFactory()
    category = Category.objects.create(name="Participación", slug="participacion-api")
    call.categories.add(category)
    submission = SubmissionFactory(
        call=call, status=SubmissionStatus.ADMISSIBLE, category=category, title="Presupuesto participativo"
    )
    DecisionFactory(submission=submission, outcome=DecisionChoice.WINNER)

    url = reverse("api:call-detail", args=[call.slug])
    assert get_json(client, url)["resultados"] == []
    type(call).objects.filter(pk=call.pk).update(results_published_at=timezone.now())
    data = get_json(client, url)
    entries = [entry for group in data["resultados"] for entry in group["postulaciones"]]
    assert [(e["titulo"], e["comuna_codigo"]) for e in entries] == [("Presupuesto participativo", "04101")]
    assert client.get(reverse("api:call-detail", args=["no-existe"])).status_code == 404


def test_anonymous_clients_are_throttled(client, db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    api_settings.reload()
    AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        codes = [client.get(reverse("api:comuna-detail", args=["04101"])).status_code for _n in range(4)]
    finally:
        api_settings.reload()
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [200, 200, 200, 429]


def test_openapi_document_lists_every_resource(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/practicas/",
        "/api/v1/practicas/{id}/",
        "/api/v1/distinciones/",
        "/api/v1/distinciones/{id}/",
        "/api/v1/convocatorias/",
        "/api/v1/convocatorias/{slug}/",
        "/api/v1/comunas/",
        "/api/v1/comunas/{codigo}/",
        "/api/v1/eventos/",
        "/api/v1/eventos/{slug}/",
        "/api/v1/calidad/estadisticas/",
    }
    assert schema["info"]["license"]["name"] == "CC BY 4.0"


@pytest.mark.parametrize("route", ["api:docs"])
def test_browsable_docs_page(client, db, route):
    response = client.get(reverse(route))
    assert response.status_code == 200
    assert b"swagger-ui" in response.content


def test_events_are_the_published_ones_with_their_confirmed_count(client, db):
    shown = EventFactory(capacity=30)
    RegistrationFactory(event=shown)
    hidden = EventFactory(published=False)

    data = client.get(reverse("api:event-list")).json()
    assert [(item["slug"], item["cupos"], item["inscritos"]) for item in data["resultados"]] == [
        (shown.slug, 30, 1)
    ]
    assert client.get(reverse("api:event-detail", args=[shown.slug])).json()["titulo"] == shown.title
    assert client.get(reverse("api:event-detail", args=[hidden.slug])).status_code == 404


def test_quality_aggregates_hide_groups_of_fewer_than_five_municipalities(client, db):
    instrument = small_instrument()
    coquimbo = Municipality.objects.filter(comuna__region__code="04").order_by("comuna__code")[:MIN_GROUP]
    for municipality in coquimbo:
        submitted_diagnostic(municipality, instrument)
    submitted_diagnostic(Municipality.objects.get(comuna__code="13101"), instrument, points={1: 3, 2: 3})

    rows = client.get(reverse("api:quality-statistics")).json()
    by_key = {(row["alcance"], row["region_codigo"], row["ambito_codigo"]): row for row in rows}
    national = by_key[("nacional", None, "alfa")]
    assert (national["municipios"], national["mediana"]) == (MIN_GROUP + 1, 67.0)
    assert by_key[("region", "04", "alfa")]["mediana"] == 67.0
    santiago = by_key[("region", "13", "alfa")]
    assert (santiago["municipios"], santiago["mediana"], santiago["cuartil_1"]) == (1, None, None)

    csv_text = client.get(reverse("api:quality-statistics"), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("alcance,region_codigo,region,ambito_codigo")


def test_practice_list_and_detail_carry_public_replication_count(client, library):
    serena = MunicipalityFactory(comuna_code="04101")
    replicated = good_practice_factory(municipality=serena, parent=library)
    plain = good_practice_factory(municipality=serena, parent=library)
    common = {
        "practice_page_id": replicated.pk,
        "origin_municipality": serena,
        "status": ReplicationStatus.COMPLETED,
    }
    ReplicationFactory(
        **common,
        requester_municipality=MunicipalityFactory(comuna_code="14101"),
        requester_consents=True,
        origin_consents=True,
    )
    # Not consented by the origin: not counted.
    ReplicationFactory(
        **common,
        requester_municipality=MunicipalityFactory(comuna_code="13101"),
        requester_consents=True,
        origin_consents=False,
    )
    rows = {row["id"]: row for row in client.get(reverse("api:practice-list")).json()["resultados"]}
    assert rows[replicated.pk]["replicaciones"] == 1 and rows[plain.pk]["replicaciones"] == 0
    assert client.get(reverse("api:practice-detail", args=[replicated.pk])).json()["replicaciones"] == 1
