"""The public feed, robots.txt and OpenGraph tags of the library."""

import pytest

from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


def test_rss_feed(client, library):
    from tests.factories.portal import good_practice_factory

    practice = good_practice_factory(
        title="Huertos comunitarios", summary="Sitios eriazos convertidos en huertos."
    )
    response = client.get(library.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Nuevas buenas prácticas municipales</title>" in body
    assert "<title>Huertos comunitarios</title>" in body
    assert practice.url in body


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_og_tags_on_pages(client, library):
    response = client.get(library.url)
    html = response.content.decode()
    assert '<meta property="og:title" content="Biblioteca de buenas prácticas">' in html
    assert '<meta property="og:type" content="website">' in html
    assert '<link rel="canonical"' in html
