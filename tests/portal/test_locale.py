"""The project's Spanish override for Wagtail admin strings (locale/es/LC_MESSAGES/django.po, and
djangojs.po for the strings of Wagtail's JavaScript).

The compiled .mo is committed (msgfmt is not on every machine), so a test keeps it in step with
the .po, and another keeps every msgid spelled exactly as Wagtail spells it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings

from tests.factories.core import UserFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
WAGTAIL_DIR = Path(wagtail.__file__).parent


def parse_po(path):
    """{msgid: msgstr} for singular entries and {(msgid, msgid_plural): [msgstr...]} for plurals."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            else:
                fields[key] += ast.literal_eval(line)
        if "msgid" not in fields or not fields["msgid"] or "msgctxt" in fields:
            continue
        if "msgid_plural" in fields:
            forms = [fields[k] for k in sorted(k for k in fields if k.startswith("msgstr["))]
            entries[(fields["msgid"], fields["msgid_plural"])] = forms
        else:
            entries[fields["msgid"]] = fields["msgstr"]
    return entries


DOMAINS = ["django", "djangojs"]


@pytest.fixture(scope="module", params=DOMAINS)
def domain(request):
    return request.param


@pytest.fixture(scope="module")
def po_entries(domain):
    return parse_po(LOCALE_DIR / f"{domain}.po")


def test_compiled_catalog_matches_the_po(domain, po_entries):
    with (LOCALE_DIR / f"{domain}.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)

    assert len(po_entries) > 10
    # ...and nothing more: an entry deleted from the .po is gone from the .mo too (GNUTranslations keeps
    # singulars as msgid keys and plurals as (msgid, index) keys).
    compiled = {key if isinstance(key, str) else key[0] for key in catalog._catalog} - {""}
    assert compiled == {key[0] if isinstance(key, tuple) else key for key in po_entries}
    for key, translation in po_entries.items():
        if isinstance(key, tuple):
            singular, plural = key
            assert [catalog.ngettext(singular, plural, n) for n in (1, 2, 1_000_000)] == [
                translation[0],
                translation[1],
                translation[1],
            ], singular
            assert translation[1] == translation[2], singular
        else:
            assert catalog.gettext(key) == translation, key
            assert translation and translation != key, key


def test_every_msgid_is_spelled_as_wagtail_spells_it(domain, po_entries):
    wagtail_ids = set()
    for po in WAGTAIL_DIR.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
        for key in parse_po(po):
            wagtail_ids.add(key[0] if isinstance(key, tuple) else key)

    ours = {key[0] if isinstance(key, tuple) else key for key in po_entries}
    assert sorted(ours - wagtail_ids) == []


@pytest.mark.django_db
def test_admin_dashboard_shows_spanish_instead_of_english(client, home):
    client.force_login(UserFactory(editor=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    for english in (
        "Search all pages…",
        "editor guide",
        " Pages <span",
        " Page <span",
        "Edit account avatar",
    ):
        assert english not in html
    for spanish in (
        "Buscar en todas las páginas…",
        "Guía del editor de Wagtail",
        "Editar el avatar de la cuenta",
    ):
        assert spanish in html
    assert re.search(r"\d+ página(s)? <span", html)


@pytest.mark.django_db
def test_admin_page_listing_shows_spanish(client, home):
    client.force_login(UserFactory(editor=True))

    response = client.get(f"/admin/pages/{home.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for english in (">Filter by<", "Show filters", ">Page type<", "Date updated"):
        assert english not in html
    assert "Mostrar filtros" in html
    # The "Has child pages" filter's empty choice and the "Cut" keyboard shortcut.
    for english in ("Any", "Cut"):
        assert not re.search(rf">\s*{english}\s*<", html), english
    for spanish in ("Cualquiera", "Cortar"):
        assert re.search(rf">\s*{spanish}\s*<", html), spanish


@pytest.mark.django_db
def test_admin_user_listing_shows_spanish(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/users/")

    assert response.status_code == 200
    html = response.content.decode()
    for english in ("Access level", "Last login"):
        assert english not in html
    assert not re.search(r">\s*Admin\s*<", html)
    for spanish in ("Nivel de acceso", "Último acceso", "Administrador"):
        assert spanish in html


@pytest.mark.django_db
def test_tree_root_has_a_spanish_title():
    from wagtail.models import Page

    assert Page.get_first_root_node().title == "Raíz"


@pytest.mark.django_db
def test_admin_javascript_catalog_serves_the_spanish_overrides(client, home):
    client.force_login(UserFactory(editor=True))

    response = client.get("/admin/jsi18n/")

    assert response.status_code == 200
    script = response.content.decode()
    assert (
        "Los cambios se guardaron autom\\u00e1ticamente." in script
        or "Los cambios se guardaron automáticamente." in script
    )
    assert "Fijar la barra de herramientas" in script


@pytest.mark.django_db
def test_page_listing_header_counts_in_spanish(client, home):
    from tests.factories.portal import standard_page_factory

    standard_page_factory(parent=home, title="Programa uno")
    client.force_login(UserFactory(editor=True))

    html = client.get(f"/admin/pages/{home.pk}/").content.decode()

    assert re.search(r"1-1 de 1 (página|Página)", html)
    assert " of 1 " not in html
