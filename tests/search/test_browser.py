"""search.js in a real browser (Debian's Chromium through Playwright): autocomplete while typing,
keyboard choice of a suggestion, and facets that reload the page without losing keyboard focus.

Skipped locally without Chromium or Playwright; fails in CI (CI=true) instead.
"""

import io
import os
import shutil

import pytest
from django.core.management import call_command

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def library(make_practice):
    pages = {
        "manual": make_practice(
            "Manual de Buenas Prácticas para el Municipalismo",
            summary="Guía de participación ciudadana.",
            comuna="04101",
            category_name="Participación ciudadana",
            year=2019,
        ),
        "budget": make_practice(
            "Presupuestos participativos en Santiago",
            summary="Vecinos deciden la inversión con participación.",
            comuna="13101",
            category_name="Participación ciudadana",
            year=2021,
        ),
    }
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    return pages


@pytest.fixture
def browser_page(library, live_server, django_db_blocker):
    # After the database fixtures (see tests/integration/conftest.py for why the order matters).
    if not (shutil.which(CHROMIUM) or os.access(CHROMIUM, os.X_OK)):
        (pytest.fail if IN_CI else pytest.skip)("Chromium no está instalado")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        (pytest.fail if IN_CI else pytest.skip)("playwright no está instalado")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which(CHROMIUM) or CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(locale="es-CL")
            context.set_default_timeout(15_000)
            yield context.new_page()
        finally:
            browser.close()
            with django_db_blocker.unblock():
                from django.db import connections

                connections.close_all()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_autocomplete_suggests_while_typing_and_works_with_the_keyboard(browser_page, live_server, library):
    page = browser_page
    page.goto(live_server.url + "/buscar/")
    box = page.locator("#search-q")
    assert box.get_attribute("role") == "combobox"
    box.press_sequentially("munic", delay=60)
    option = page.locator("#search-suggestions [role=option]").first
    option.wait_for()
    assert option.inner_text() == "Manual de Buenas Prácticas para el Municipalismo"
    assert box.get_attribute("aria-expanded") == "true"
    assert "sugerencia" in page.locator("#search-suggestions-status").inner_text()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "search-suggestion-0"
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == live_server.url + library["manual"].url


def test_ticking_a_facet_with_the_keyboard_reloads_and_keeps_focus(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/buscar/?q=participacion")
    assert page.locator(".facets-auto").is_visible()  # the user is told before ticking
    assert not page.locator(".facet-apply").is_visible()
    checkbox = page.locator('input[name="region"][value="Coquimbo"]')
    checkbox.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "region=Coquimbo" in page.url
    assert page.locator(".search-hit").count() == 1
    focused = page.evaluate(
        "[document.activeElement.name, document.activeElement.value, document.activeElement.checked]"
    )
    assert focused == ["region", "Coquimbo", True]


def test_without_javascript_the_buttons_apply_the_form(browser_page, live_server):
    page = browser_page
    page.route("**/*.js", lambda route: route.abort())
    page.goto(live_server.url + "/buscar/?q=participacion")
    assert page.locator(".facet-apply").is_visible()
    page.locator('input[name="region"][value="Metropolitana"]').check()
    page.select_option("#search-sort", "recientes")
    with page.expect_navigation():
        page.locator(".facet-apply").click()
    assert "region=Metropolitana" in page.url and "orden=recientes" in page.url
    assert page.locator(".search-hit").count() == 1
