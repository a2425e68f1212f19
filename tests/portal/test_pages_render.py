"""Every page type renders in Spanish with its key content."""

import datetime
import re

import pytest
from django.utils import timezone

from core.models import SustainableDevelopmentGoal
from tests.factories.core import CategoryFactory, MunicipalityFactory, ThemeFactory
from tests.factories.portal import (
    distinction_factory,
    good_practice_factory,
    image_factory,
    news_factory,
    standard_page_factory,
)
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


def test_home_shows_featured_distinctions_news_and_programs(client, site_tree):
    practice = good_practice_factory(title="Reciclaje en La Serena")
    distinction = distinction_factory(distinction_name="Distinción de Plata al Buen Gobierno")
    news = news_factory(title="Abre la convocatoria")
    program = standard_page_factory(title="Escuelas Ciudadanas", show_in_menus=True)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert 'class="skip-link" href="#contenido"' in html
    assert practice.title in html
    assert distinction.distinction_name in html
    assert news.title in html
    assert program.title in html
    assert response.context["open_call"] is None
    assert practice in response.context["featured_practices"]


def test_home_links_the_open_call(client, site_tree):
    from tests.factories.concurso import CallFactory

    call = CallFactory(title="Concurso 2026", slug="concurso-2026")
    response = client.get("/")
    assert response.context["open_call"] == call
    assert 'href="/convocatorias/concurso-2026/"' in response.content.decode()


def test_good_practice_page_shows_every_case_section(client, site_tree):
    municipality = MunicipalityFactory(comuna_code="04101")
    goal = SustainableDevelopmentGoal.objects.get(number=16)
    distinction = distinction_factory(municipality=municipality, distinction_name="Distinción de Plata")
    practice = good_practice_factory(
        title="Política de calidad",
        municipality=municipality,
        category=CategoryFactory(name="Gestión y modernización", slug="gestion-y-modernizacion"),
        themes=[ThemeFactory(name="Calidad de servicios")],
        ods=[goal],
        indicators=[("Tiempo de respuesta", "15", "5", "días")],
        previous_situation="<p>Había trámites lentos.</p>",
        lessons_learned="<p>Medir desde el inicio.</p>",
        budget_clp=12_500_000,
        distinction=distinction,
        main_image=image_factory(),
    )
    related = good_practice_factory(category=practice.category, title="Otra práctica de la misma categoría")
    response = client.get(practice.url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Ficha técnica",
        "Situación previa",
        "Objetivos",
        "Descripción",
        "Resultados",
        "Participación ciudadana",
        "Sostenibilidad",
        "Replicabilidad y transferencia",
        "Lecciones aprendidas",
        "Socios y colaboradores",
        "Reconocimiento y fuente",
        "En esta ficha",
    ):
        assert heading in html, heading
    assert "Había trámites lentos." in html
    assert "Tiempo de respuesta" in html and "<caption>Indicadores de resultado</caption>" in html
    assert "$12.500.000" in html
    assert "Calidad de servicios" in html
    assert "ODS 16" in html
    assert "Ganadora" in html
    assert distinction.url in html
    assert 'href="/municipios/la-serena/"' in html
    assert 'property="og:type" content="article"' in html
    assert 'property="og:image"' in html
    assert related in response.context["related_practices"]


def test_practice_attachments_and_gallery(client, site_tree):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from portal.models import PracticeAttachment, PracticeImage

    document = get_document_model()(title="Informe final")
    document.file.save("informe.pdf", ContentFile(b"%PDF-1.4 prueba"), save=False)
    document.save()
    practice = good_practice_factory()
    practice.attachments = [PracticeAttachment(document=document, title="Informe final de resultados")]
    practice.gallery = [PracticeImage(image=image_factory(), caption="Taller con vecinos")]
    practice.save_revision().publish()
    html = client.get(practice.url).content.decode()
    assert "Informe final de resultados" in html
    assert document.url in html
    assert "Taller con vecinos" in html
    gallery = html[html.index('<div class="gallery">') :]
    assert re.search(r'<picture><source [^>]*srcset="[^"]+\.webp \d+w[^"]*"[^>]*type="image/webp"', gallery)
    assert re.search(r'<img [^>]*alt="Taller con vecinos"[^>]*src="[^"]+\.jpg"', gallery)


def test_practice_hero_and_cards_use_responsive_webp_renditions(client, site_tree):
    practice = good_practice_factory(main_image=image_factory())

    page_html = client.get(practice.url).content.decode()
    library_html = client.get(site_tree["library"].url).content.decode()

    hero = re.search(r'<figure class="practice-hero">(.*?)</figure>', page_html, re.S).group(1)
    assert 'type="image/webp"' in hero and 'sizes="(min-width: 1180px) 1140px, 100vw"' in hero
    card = re.search(
        r'<article class="card practice-card">\s*(<picture>.*?</picture>)', library_html, re.S
    ).group(1)
    assert "fill-640x360.format-webp.webp" in card and "fill-960x540.format-jpeg.jpg" in card
    assert re.search(r'<img [^>]*class="card-image"[^>]*loading="lazy"', card)


def test_distinction_pages(client, site_tree):
    distinction = distinction_factory(
        projects=["Medición de indicadores de calidad", "Diagnóstico comunal de género"],
        municipality=MunicipalityFactory(comuna_code="04101"),
    )
    index = client.get(site_tree["distinctions"].url)
    assert index.status_code == 200
    assert distinction.distinction_name in index.content.decode()
    response = client.get(distinction.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "UIM",
        "Plata",
        "Modelo UIM de Buen Gobierno y Calidad Democrática",
        "26 de septiembre de 2017",
        "XII Congreso Iberoamericano de Municipalistas",
        "Manizales",
        "Medición de indicadores de calidad",
        "Diagnóstico comunal de género",
        "Proyectos de mejora realizados",
    ):
        assert text in html, text


def test_municipality_index_and_profile(client, site_tree):
    municipality = MunicipalityFactory(comuna_code="16103")
    practice = good_practice_factory(municipality=municipality, title="Huertos en Chillán Viejo")
    distinction = distinction_factory(municipality=municipality, distinction_name="Sello de calidad")
    index = client.get("/municipios/")
    assert index.status_code == 200
    assert municipality.name in index.content.decode()
    assert list(index.context["municipalities"]) == [municipality]
    profile = client.get(f"/municipios/{municipality.slug}/")
    assert profile.status_code == 200
    html = profile.content.decode()
    assert practice.title in html and distinction.distinction_name in html
    assert "16103" in html
    assert client.get("/municipios/no-existe/").status_code == 404


def test_news_pages(client, site_tree):
    older = news_factory(title="Noticia antigua", date=datetime.date(2024, 1, 5))
    newer = news_factory(title="Noticia reciente", date=datetime.date(2026, 2, 1))
    index = client.get(site_tree["news"].url)
    assert index.status_code == 200
    assert list(index.context["page_obj"].object_list) == [newer, older]
    response = client.get(newer.url)
    assert response.status_code == 200
    assert "1 de febrero de 2026" in response.content.decode()


def test_standard_page_streamfield_blocks(client, site_tree):
    import json

    body = json.dumps(
        [
            {"type": "heading", "value": "Tres principios"},
            {"type": "paragraph", "value": "<p>Cooperación entre municipios.</p>"},
            {"type": "quote", "value": {"text": "Lo que funciona se comparte.", "attribution": "Equipo"}},
            {
                "type": "cta",
                "value": {
                    "title": "Vea la biblioteca",
                    "text": "",
                    "page": None,
                    "url": "/biblioteca/",
                    "button": "Ir",
                },
            },
        ]
    )
    page = standard_page_factory(title="Plataforma de Buenas Prácticas", body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="block-heading">Tres principios</h2>' in html
    assert "Cooperación entre municipios." in html
    assert "<blockquote><p>Lo que funciona se comparte.</p></blockquote>" in html
    assert 'class="block-cta"' in html and 'href="/biblioteca/"' in html


def test_draft_and_scheduled_practices_are_not_public(client, site_tree):
    draft = good_practice_factory(publish=False, title="Borrador")
    scheduled = good_practice_factory(publish=False, title="Programada")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    assert client.get(site_tree["library"].url + draft.slug + "/").status_code == 404
    scheduled.refresh_from_db()
    assert scheduled.live is False
    html = client.get(site_tree["library"].url).content.decode()
    assert "Borrador" not in html and "Programada" not in html


def test_404_page_in_spanish(client, site_tree):
    response = client.get("/esta-pagina-no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_500_template_in_spanish():
    from django.template.loader import render_to_string

    assert "Ocurrió un error inesperado" in render_to_string("500.html")


def test_municipality_profile_has_its_own_canonical_url(client, site_tree):
    municipality = MunicipalityFactory(comuna_code="04101")
    good_practice_factory(municipality=municipality)
    html = client.get("/municipios/la-serena/").content.decode()
    assert '<link rel="canonical" href="http://localhost/municipios/la-serena/">' in html
    assert '<meta property="og:title" content="Municipalidad de La Serena">' in html
    assert '<a href="/municipios/" aria-current="page">' in html
