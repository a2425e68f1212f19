"""The demo loader builds a browsable site: every sitemap URL answers, feeds and robots work, and
re-running it changes nothing."""

import io
import re
from unittest.mock import patch
from urllib.parse import urlparse

import pytest
from wagtail.models import Page, Site

from core.models import Category
from demo import portal as demo
from portal.models import (
    DistinctionLevel,
    DistinctionPage,
    GoodPracticePage,
    HomePage,
    NewsPage,
    StandardPage,
)
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


def _counts():
    return {
        "pages": Page.objects.count(),
        "practices": GoodPracticePage.objects.count(),
        "revisions": sum(page.revisions.count() for page in GoodPracticePage.objects.all()),
        "categories": Category.objects.count(),
    }


def test_demo_site_sitemap_and_idempotency(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    demo.load(stdout=io.StringIO())

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)  # where `make run` serves it
    assert not Page.objects.filter(
        depth=2, content_type__model="page"
    ).exists()  # Wagtail's welcome page is gone

    practices = GoodPracticePage.objects.live()
    assert practices.count() >= 32
    assert practices.values("category").distinct().count() >= 8
    assert practices.values("municipality__comuna__region").distinct().count() >= 10
    years = set(practices.values_list("year", flat=True))
    assert min(years) <= 2016 and max(years) >= 2025
    assert set(Category.objects.values_list("name", flat=True)) >= {
        "Participación",
        "Gestión y modernización",
        "Medio ambiente",
        "Desarrollo social",
        "Seguridad",
        "Desarrollo económico local",
        "Salud",
        "Educación",
    }
    for practice in practices:
        for name in (
            "summary",
            "previous_situation",
            "objectives",
            "description",
            "results",
            "citizen_participation",
            "sustainability",
            "replicability",
            "lessons_learned",
            "partners",
            "implementation_period",
            "source",
        ):
            assert getattr(practice, name), (practice.title, name)
        assert practice.indicators.exists()

    manual = practices.get(title="Manual de Buenas Prácticas para el Municipalismo")
    assert manual.category.name == "Participación"
    assert "participación" in (manual.citizen_participation + manual.description + manual.summary).lower()
    policy = practices.get(external_id=demo.QUALITY_POLICY_ID)
    assert "1351" in policy.summary and "14 de octubre de 2021" in policy.summary
    serena = DistinctionPage.objects.get(municipality__comuna__code="04101")
    assert serena.level == DistinctionLevel.SILVER
    assert serena.distinction_name == "Distinción de Plata al Buen Gobierno y la Calidad Democrática"
    assert (serena.award_date.month, serena.award_date.day) == (9, 26)
    assert serena.event == "XII Congreso Iberoamericano de Municipalistas"
    assert "Manizales" in serena.place and "Colombia" in serena.place
    assert serena.improvement_projects.count() == 2
    assert policy.distinction_id == serena.pk
    assert StandardPage.objects.live().count() >= 3
    assert NewsPage.objects.live().count() >= 3

    # Every URL in the sitemap answers 200, including municipality profiles.
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert all(location.startswith("http://testserver/") for location in locations)  # the requesting host
    paths = [urlparse(location).path for location in locations]
    assert "/municipios/la-serena/" in paths
    assert "/distinciones/" in paths and "/biblioteca/" in paths
    assert len(paths) >= 36 + 4 + 4 + 3 + 5
    for path in paths:
        assert client.get(path).status_code == 200, path

    # The La Serena distinction, its municipality profile and the filtered library.
    assert "Manizales" in client.get(serena.url).content.decode()
    profile = client.get("/municipios/la-serena/").content.decode()
    assert "Política de Calidad Municipal de La Serena" in profile and serena.distinction_name in profile
    filtered = client.get("/biblioteca/?categoria=participacion")
    assert all(
        page.category.slug == "participacion" for page in filtered.context["page_obj"].paginator.object_list
    )

    before = _counts()
    output = io.StringIO()
    demo.load(stdout=output)
    assert _counts() == before
    assert "0 creadas, 0 actualizadas" in output.getvalue()


def test_load_demo_data_quiets_page_and_task_logs_only_while_loading():
    import logging

    from demo.management.commands.load_demo_data import CHATTY_LOGGERS, _quiet

    assert set(CHATTY_LOGGERS) == {"wagtail", "celery.app.trace", "core.taskutils", "evaluacion.services"}
    logger = logging.getLogger("wagtail")
    before = logger.level
    with _quiet(["wagtail"]):
        assert logger.isEnabledFor(logging.INFO) is False
        assert logger.isEnabledFor(logging.WARNING) is True
    assert logger.level == before


def test_demo_load_keeps_its_made_up_emails_out_of_the_console(settings):
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    with patch("sys.stdout", new=io.StringIO()) as console:
        call_command("load_demo_data", stdout=out)

    assert "Subject:" not in console.getvalue()
    assert "Datos de demostración listos." in out.getvalue()
