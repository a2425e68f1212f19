"""Cross-cutting view tests, kept together on purpose: each one walks pages of several audiences
(evaluator, committee, staff) in evaluacion/views/ and checks what they have in common."""

import re

import pytest
from django.urls import reverse

from evaluacion.models import Assignment, AssignmentStatus
from tests.evaluacion.conftest import add_entry


def test_list_views_cost_the_same_for_one_and_many_submissions(client, competition, count_queries):
    c = competition
    pages = [
        (c.assigned, reverse("evaluacion:dashboard")),
        (c.committee, reverse("evaluacion:committee_call", kwargs={"slug": c.call.slug})),
        (c.staff, reverse("evaluacion:staff_assignments", kwargs={"slug": c.call.slug})),
    ]
    one = []
    for user, url in pages:
        client.force_login(user)
        one.append(count_queries(client, url))
    for index in range(6):
        extra = add_entry(
            c.call, comuna_code="05101", category=c.entry.category, author=c.applicant, title=f"Extra {index}"
        )
        Assignment.objects.create(submission=extra, evaluator=c.assigned, status=AssignmentStatus.RELEASED)
    many = []
    for user, url in pages:
        client.force_login(user)
        many.append(count_queries(client, url))
    assert many == one


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("staff_rubric", "Pauta"),
        ("staff_assignments", "Asignación"),
        ("committee_ranking", "Ranking y gráficos"),
    ],
)
def test_sub_navigation_marks_the_current_page(client, competition, name, label):
    client.force_login(competition.staff)
    html = client.get(reverse(f"evaluacion:{name}", kwargs={"slug": competition.call.slug})).content.decode()
    current = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html)
    assert current == [label]
