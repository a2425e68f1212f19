"""The committee's charts carry a text alternative: a named SVG and the same data as a table."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from evaluacion import charts
from evaluacion.models import Assignment
from evaluacion.services.reviews import ScoreInput, save_review


class _Page(HTMLParser):
    """Collects element ids, the <svg> tags' attributes and every table inside <details>."""

    def __init__(self):
        super().__init__()
        self.ids, self.svgs, self.tables, self.summaries = set(), [], [], []
        self._details = 0
        self._row = self._cell = self._summary = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "svg":
            self.svgs.append(attrs)
        elif tag == "details":
            self._details += 1
        elif tag == "summary":
            self._summary = []
        elif tag == "table" and self._details:
            self.tables.append([])
        elif tag == "tr" and self._details:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "details":
            self._details -= 1
        elif tag == "summary" and self._summary is not None:
            self.summaries.append("".join(self._summary).strip())
            self._summary = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        for bucket in (self._cell, self._summary):
            if bucket is not None:
                bucket.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _review(competition, entry, evaluator, score):
    assignment = Assignment.objects.get(submission=entry, evaluator=evaluator)
    scores = [
        ScoreInput(criterion=criterion, score=score, justification="Fundamentado.")
        for criterion in competition.call.rubric.criteria.all()
    ]
    save_review(assignment=assignment, scores=scores, overall_comment="", submit=True)


def test_ranking_page_charts_have_names_and_data_tables(client, competition):
    c = competition
    _review(c, c.entry, c.assigned, 6)
    _review(c, c.other, c.unassigned, 4)
    client.force_login(c.committee)
    html = client.get(reverse("evaluacion:committee_ranking", kwargs={"slug": c.call.slug})).content.decode()
    page = _parse(html)

    assert len(page.svgs) == 2
    for svg in page.svgs:
        assert svg["role"] == "img"
        assert svg["aria-labelledby"] and all(target in page.ids for target in svg["aria-labelledby"].split())
        assert svg["aria-describedby"] in page.ids
    assert (
        '<title id="{}">Distribución de puntajes por evaluador</title>'.format(
            page.svgs[0]["aria-labelledby"]
        )
        in html
    )
    assert page.summaries == ["Ver los datos del gráfico", "Ver los datos del gráfico"]

    distribution, ranking = page.tables
    assert distribution == [
        ["Evaluador", "Evaluaciones", "Promedio", "Mínimo", "Máximo"],
        ["Evaluador 1", "1", "83,3", "83,3", "83,3"],
        ["Evaluador 2", "1", "50,0", "50,0", "50,0"],
    ]
    assert ranking == [
        ["Puesto", "Postulación", "Puntaje final", "Empate"],
        # Issue 15: the blind title next to the code (from the redacted copy, never the original).
        ["1", f"{c.entry.code} · Reciclaje puerta a puerta", "83,3", "No"],
        ["2", f"{c.other.code} · Consejos juveniles", "50,0", "No"],
    ]
    # Committee pages never name evaluators nor show who applied.
    for private in (
        "asignada@consultora.cl",
        "Eva Asignada",
        "libre@universidad.cl",
        "Marcela Rojas",
        "La Serena",
    ):
        assert private not in html


def test_chart_tables_write_decimal_commas_and_mark_ties():
    html = charts.ranking_svg(
        [
            ("BP26-AAAAA", 89.44, False),
            ("BP26-BBBBB", 72.0, True),
            ("BP26-CCCCC", 72.0, True),
            ("BP26-DDDDD", 60.0, False),
        ],
        title="Ranking: Gestión",
    )
    page = _parse(html)
    assert page.tables == [
        [
            ["Puesto", "Postulación", "Puntaje final", "Empate"],
            ["1", "BP26-AAAAA", "89,4", "No"],
            ["2", "BP26-BBBBB", "72,0", "Sí (=)"],
            ["2", "BP26-CCCCC", "72,0", "Sí (=)"],
            ["4", "BP26-DDDDD", "60,0", "No"],
        ]
    ]
    assert not re.search(r"<t[dh][^>]*>[0-9]+\.[0-9]", html)
    svg = page.svgs[0]
    assert svg["role"] == "img" and svg["aria-labelledby"] in page.ids
    # An explicit rank (4th item) wins over the one derived from the order.
    explicit = _parse(charts.ranking_svg([("BP26-X", 70.0, True, 3), ("BP26-Y", 70.0, True, 3)], title="R"))
    assert [row[0] for row in explicit.tables[0][1:]] == ["3", "3"]


def test_chart_labels_are_escaped_in_svg_and_table():
    html = charts.distribution_svg([("<b>Evaluador 1</b>", [])], title="Distribución <x>")
    assert "<b>" not in html and "<x>" not in html
    assert _parse(html).tables[0][1] == ["<b>Evaluador 1</b>", "0", "—", "—", "—"]


def test_two_charts_on_a_page_get_distinct_ids():
    first = _parse(charts.ranking_svg([("A", 1.0, False)], title="Ranking: Gestión"))
    second = _parse(charts.ranking_svg([("A", 1.0, False)], title="Ranking: Medio ambiente"))
    assert first.svgs[0]["id"] != second.svgs[0]["id"]


def test_charts_write_numbers_with_a_decimal_comma():
    ranking = charts.ranking_svg([("BP26-AAAAA", 89.44, False), ("BP26-BBBBB", 72.0, True)], title="Ranking")
    shown = re.findall(r'class="chart-value">([^<]+)<', ranking)
    assert shown == ["89,4", "72,0 ="]
    assert "89.4" not in re.sub(r'"[^"]*"', "", ranking)  # coordinates aside
    distribution = charts.distribution_svg([("Evaluador 1", [50.0, 61.25])], title="Distribución")
    assert "<title>61,2</title>" in distribution or "<title>61,3</title>" in distribution
    assert "Evaluador 1: 55,6 (2)" in distribution
