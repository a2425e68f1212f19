"""Editors manage search synonyms in the Wagtail admin (snippet `SynonymGroup`): who may, what is
refused, and that a saved group changes the public search at once."""

import pytest
from django.urls import reverse

from search.backends import EmbeddedBackend, SearchRequest
from search.entries import Entry
from search.models import SynonymGroup
from tests.factories.core import UserFactory

LIST = "wagtailsnippets_portal_search_synonymgroup:list"
ADD = "wagtailsnippets_portal_search_synonymgroup:add"
EDIT = "wagtailsnippets_portal_search_synonymgroup:edit"
DELETE = "wagtailsnippets_portal_search_synonymgroup:delete"


@pytest.fixture
def group(db):
    return SynonymGroup.objects.create(terms="wifi, internet inalámbrico")


def login(client, role):
    if role == "anonymous":
        return
    user = UserFactory(
        **({role: True} if role != "superuser" else {}),
        is_superuser=role == "superuser",
        is_staff=role in ("superuser", "editor", "coordinator"),
    )
    client.force_login(user)


def urls(group):
    return [reverse(LIST), reverse(ADD), reverse(EDIT, args=[group.pk]), reverse(DELETE, args=[group.pk])]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("applicant", False),
        ("evaluator", False),
        ("committee", False),
        ("coordinator", False),
        ("editor", True),
        ("superuser", True),
    ],
)
def test_only_editors_manage_synonyms(client, group, role, allowed):
    login(client, role)
    for url in urls(group):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            # Anonymous people go to the login page; users without the permission are refused.
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert "login" in response["Location"] or response["Location"].startswith("/admin/"), url


def test_an_editor_adds_a_group_and_search_uses_it(client, db):
    engine = EmbeddedBackend()
    engine.clear()
    engine.index_entries(
        [Entry(1, "practica", "Internet inalámbrico en plazas", "/p/1/", "Conexión abierta.")]
    )
    assert engine.search(SearchRequest(query="wifi")).total == 0
    login(client, "editor")
    response = client.post(
        reverse(ADD), {"terms": "wifi, internet inalámbrico", "note": "Pedido por vecinos"}
    )
    assert response.status_code == 302
    assert SynonymGroup.objects.get().alternatives() == ["wifi", "internet inalámbrico"]
    assert engine.search(SearchRequest(query="wifi")).total == 1


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("wifi", "al menos dos"),
        ("wifi, wifi", "al menos dos"),
        ("wifi, de la", "no tienen palabras que se puedan buscar"),
    ],
)
def test_a_group_needs_two_searchable_expressions(client, db, terms, message):
    login(client, "editor")
    response = client.post(reverse(ADD), {"terms": terms})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert terms in response.content.decode()  # what was typed is still in the form
    assert not SynonymGroup.objects.exists()
