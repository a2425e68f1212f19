"""Case pages: plain share links, schema.org JSON-LD and the print stylesheet."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories.portal import good_practice_factory
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


def test_case_page_share_links_json_ld_and_print(client):
    practice = good_practice_factory(title='Huertos "comunitarios" </script> & más')
    response = client.get(practice.url)
    body = response.content.decode()
    assert response.status_code == 200
    links = dict(re.findall(r'<a class="share-(\w+)" href="([^"]+)"', body))
    assert set(links) >= {"whatsapp", "x", "facebook", "linkedin", "email"}
    facebook = parse_qs(urlsplit(links["facebook"].replace("&amp;", "&")).query)
    assert facebook["u"] == [practice.full_url]
    assert practice.full_url in parse_qs(urlsplit(links["whatsapp"].replace("&amp;", "&")).query)["text"][0]
    assert '<script src="http' not in body  # no third-party script
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "Article" and data["headline"] == practice.title
    assert data["author"]["name"] == practice.municipality.name
    assert data["spatialCoverage"]["containedInPlace"]["name"] == practice.municipality.comuna.region.name
    assert 'href="/static/css/print-case.css" media="print"' in body
