"""Money, scores and dates are shown one way everywhere (issue 15, point 5).

Two nets: the templates never format these values with Django's own filters (``|date``, ``|time``,
``|floatformat``, ``|intcomma``) nor print a date field bare; and the main pages of the demo, once
rendered, contain no ISO date, no English month, no Django default date-time («… a las …») and no
amount of pesos without its thousands dots.
"""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.portal.conftest import rendition_leak


def _rendition_leak(function):
    for mark in rendition_leak:  # the demo's pages render images (see tests/portal/conftest.py)
        function = mark(function)
    return function


TEMPLATES = Path(settings.BASE_DIR) / "templates"
FORBIDDEN = re.compile(r"\|\s*(date|time|floatformat|intcomma|naturalday|naturaltime)\b")
# {{ something.created_at }}, {{ x.held_on }}, {{ page.date }}, {{ deadline }} printed with no filter
BARE_DATE = re.compile(r"\{\{\s*\w+(\.\w+)*\.(\w+_at|\w+_on|\w*_?date|deadline)\s*\}\}")


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def test_templates_use_the_cl_format_filters_only():
    offenders = []
    for path in _templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if FORBIDDEN.search(line) or BARE_DATE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:160]}")
    assert not offenders, "Use fecha/fecha_hora/fecha_corta/hora/fecha_iso/clp/puntaje:\n" + "\n".join(
        offenders
    )


def test_the_guard_sees_what_it_must(tmp_path):
    assert FORBIDDEN.search('{{ x.created_at|date:"d-m-Y" }}')
    assert FORBIDDEN.search("{{ amount|intcomma }}") and FORBIDDEN.search('{{ s|floatformat:"-1" }}')
    assert BARE_DATE.search("{{ job.created_at }}") and BARE_DATE.search("{{ page.date }}")
    assert not BARE_DATE.search("{{ deadline }}")  # a blocktranslate variable, formatted in its `with`
    assert not BARE_DATE.search("{{ job.created_at|fecha_hora }}")


class _Text(HTMLParser):
    """Visible text only (attributes such as <time datetime> are for machines and may be ISO)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b|"
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\d (a\.m\.|p\.m\.)"
)
# Django's "j M Y" in Spanish ("30 jun 2025"): an abbreviation, not the convention.
ABBREVIATED = re.compile(r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sep|sept|oct|nov|dic)\.? \d{4}\b")
DJANGO_DEFAULT = re.compile(r"\d{4} a las \d")  # es locale DATETIME_FORMAT, i.e. a bare datetime
RAW_AMOUNT = re.compile(r"\$\s?\d{4,}\b|\b\d{5,}(?:\.\d+)?\s?(?:CLP|pesos)\b")
DOT_DECIMAL = re.compile(r"\b\d{1,3}\.\d{1,2}\s?(?:%|puntos|/ ?100)")


def assert_formatted(text: str, where: str):
    for name, pattern in [
        ("fecha ISO", ISO_DATE),
        ("inglés", ENGLISH),
        ("mes abreviado", ABBREVIATED),
        ("fecha-hora de Django", DJANGO_DEFAULT),
        ("monto sin puntos de miles", RAW_AMOUNT),
        ("decimal con punto", DOT_DECIMAL),
    ]:
        found = pattern.search(text)
        assert not found, f"{where}: {name} «{text[max(0, found.start() - 60) : found.end() + 60]}»"


def test_the_checker_catches_unformatted_values():
    for bad in [
        "Cierre: 2025-06-30",
        "30 June 2025",
        "30 jun 2025",
        "5 Mar 2025",
        "30 de junio de 2025 a las 14:30",
        "Presupuesto $45000000",
        "83.33 puntos",
    ]:
        with pytest.raises(AssertionError):
            assert_formatted(bad, "prueba")
    assert_formatted(
        "30 de junio de 2025, 14:30 · $45.000.000 · 83,33 puntos · 30-06-2025 · Viña del Mar", "prueba"
    )


@pytest.mark.django_db
@_rendition_leak
def test_the_main_demo_pages_show_es_cl_formats(client):
    from concurso.models import Call, Submission
    from core.models import User
    from demo import concurso as concurso_demo
    from demo import difusion as difusion_demo
    from demo import portal as portal_demo
    from demo import results_2025
    from portal.models import GoodPracticePage

    for module in (portal_demo, concurso_demo, results_2025, difusion_demo):
        module.load(stdout=io.StringIO())
    past = Call.objects.get(slug="buenas-practicas-2025")
    la_serena = Submission.objects.get(call=past, municipality__comuna__code="04101")
    awarded = GoodPracticePage.objects.live().exclude(competition_decision=None).first()
    with_budget = GoodPracticePage.objects.live().exclude(budget_clp=None).first()
    urls = [
        "/",
        awarded.get_url(),
        with_budget.get_url(),
        with_budget.get_parent().get_url(),
        reverse("concurso:call_list"),
        reverse("concurso:call_detail", args=[past.slug]),
        reverse("difusion:event_list"),
    ]
    client.force_login(User.objects.get(email="postulante.laserena@demo.cl"))
    urls += [reverse("concurso:dashboard"), reverse("evaluacion:feedback", args=[la_serena.code])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_formatted(visible_text(response.content.decode()), url)
