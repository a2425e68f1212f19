"""Demo content of the public portal: page tree, vocabularies, distinctions, practices, news.

Idempotent: every object is found by a stable key (slug, external_id, title) before it is created,
so re-running `manage.py load_demo_data` changes nothing and duplicates nothing. Apart from the
facts taken from the seed documents (La Serena's UIM distinction, its quality policy, the
"Manual de Buenas Prácticas para el Municipalismo" case), the practices are plausible fiction.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.models import Page, Site

from core.models import Category, Municipality, Theme
from demo import portal_content as content
from demo.users import load_demo_users
from portal.models import (
    DistinctionIndexPage,
    DistinctionLevel,
    DistinctionPage,
    GoodPracticePage,
    HomeFeaturedPractice,
    HomePage,
    ImprovementProject,
    LibraryIndexPage,
    MunicipalityIndexPage,
    NewsIndexPage,
    NewsPage,
    PracticeAttachment,
    PracticeImage,
    StandardPage,
)
from portal.services.practices_io import import_rows
from portal.services.roles import ensure_editorial_workflow, ensure_role_permissions

LA_SERENA = "04101"
DISTINCTION_SLUG = "la-serena-distincion-plata-buen-gobierno-calidad-democratica"
QUALITY_POLICY_ID = "demo-la-serena-politica-calidad-2021"
MANUAL_ID = "demo-manual-buenas-practicas-municipalismo"


def load(*, stdout) -> None:
    started = time.monotonic()
    load_demo_users()
    ensure_role_permissions()
    _vocabularies()
    home = _home()
    library = _child(
        home,
        LibraryIndexPage,
        "biblioteca",
        title="Biblioteca de buenas prácticas",
        intro="<p>Experiencias de municipalidades de todo el país, contadas con el mismo formato: qué "
        "problema había, qué se hizo, qué resultados se midieron y qué se aprendió.</p>",
    )
    distinctions_index = _child(
        home,
        DistinctionIndexPage,
        "distinciones",
        title="Distinciones de calidad",
        intro="<p>Reconocimientos que las municipalidades han obtenido por la calidad de su gestión, con "
        "los proyectos de mejora que realizaron para alcanzarlos.</p>",
    )
    _child(
        home,
        MunicipalityIndexPage,
        "municipios",
        title="Municipalidades",
        intro="<p>Cada municipalidad con prácticas o distinciones publicadas tiene su perfil.</p>",
    )
    news_index = _child(
        home,
        NewsIndexPage,
        "noticias",
        title="Noticias",
        intro="<p>Novedades del concurso, la biblioteca y los programas de la asociación.</p>",
    )
    ensure_editorial_workflow(pages=[home, library, distinctions_index, news_index])
    images = _category_images()
    distinction = _distinctions(distinctions_index)
    report = import_rows(rows=_practice_rows(), publish=True, extra=_practice_extras(images, distinction))
    for error in report.errors:
        stdout.write(f"  ! {error}")
    _seed_case_media(images)
    _featured(home)
    _program_pages(home)
    _news(news_index)
    stdout.write(
        f"  portal: {GoodPracticePage.objects.count()} prácticas ({report.summary()}), "
        f"{DistinctionPage.objects.count()} distinciones, {NewsPage.objects.count()} noticias "
        f"en {time.monotonic() - started:.1f} s"
    )


# -- page tree ---------------------------------------------------------------------------------


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _home() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Inicio",
            slug="inicio",
            seo_title="Portal de Buenas Prácticas Municipales",
            hero_title="Lo que funciona en una municipalidad puede funcionar en otra",
            intro="Una biblioteca abierta de buenas prácticas municipales, las distinciones de calidad de "
            "los municipios y el concurso anual que las reconoce.",
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    # The demo site answers where the development server does (WAGTAILADMIN_BASE_URL), so the
    # admin's "Ver en vivo" links and canonical URLs open; set once, with the home page.
    hostname, port = _base_url_host()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Portal de Buenas Prácticas Municipales",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.hostname, site.port, site.is_default_site = hostname, port, True
        site.site_name = "Portal de Buenas Prácticas Municipales"
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page is replaced by the home page.
    welcome = Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore")
    for page in welcome:
        if not page.get_children().exists():
            page.delete()
    return home


def _base_url_host() -> tuple[str, int]:
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL or "http://127.0.0.1:8000")
    return url.hostname or "127.0.0.1", url.port or (443 if url.scheme == "https" else 80)


def _child(parent: Page, model, slug: str, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page)


def _vocabularies() -> None:
    for order, (slug, name, description) in enumerate(content.CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    for name in content.THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})


# -- images and documents ----------------------------------------------------------------------

CATEGORY_COLOURS = {
    "participacion": ("#0b5c7a", "#7cc4dc"),
    "gestion-y-modernizacion": ("#33415c", "#a9b7d0"),
    "medio-ambiente": ("#2f6b3a", "#9ccc8f"),
    "desarrollo-social": ("#8a3b5c", "#e3a6c0"),
    "seguridad": ("#5b4a8a", "#bfb1e6"),
    "desarrollo-economico-local": ("#9a5b12", "#f0c27a"),
    "salud": ("#0f766e", "#8fd8cf"),
    "educacion": ("#a33a2b", "#f1a699"),
}


def _png(slug: str, *, seed: int) -> bytes:
    """A simple abstract illustration in the category colours (no external files needed)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    dark, light = CATEGORY_COLOURS.get(slug, ("#33415c", "#a9b7d0"))
    width, height = 1200, 675
    canvas = PILImage.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(canvas)
    rng = random.Random(seed)
    for step in range(0, width + height, 60):
        draw.line([(step, 0), (step - height, height)], fill=light, width=2)
    for _ in range(6):
        radius = rng.randint(60, 220)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline="#ffffff", width=6)
    draw.rectangle([0, height - 120, width, height], fill=dark)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _category_images() -> dict:
    from wagtail.images import get_image_model

    Image = get_image_model()
    images = {}
    for index, (slug, name, _description) in enumerate(content.CATEGORIES):
        title = f"Ilustración de la categoría {name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(_png(slug, seed=index)), name=f"categoria-{slug}.png")
            image.save()
        images[slug] = image
    return images


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"]), Spacer(1, 12)]
    story += [Paragraph(text, styles["BodyText"]) for text in paragraphs]
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Portal de Buenas Prácticas").build(story)
    return buffer.getvalue()


def _document(title: str, filename: str, paragraphs: list[str]):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(_pdf(title, paragraphs)), save=False)
        document.save()
    return document


# -- distinctions ------------------------------------------------------------------------------

OTHER_DISTINCTIONS = [
    # (comuna, slug, name, level, model, date, event, place, summary)
    (
        "14101",
        "valdivia-sello-excelencia-atencion-2025",
        "Sello de Excelencia en Atención Ciudadana",
        DistinctionLevel.GOLD,
        "Modelo de Gestión de Calidad de los Servicios Municipales",
        datetime.date(2025, 11, 20),
        "Seminario nacional de buenas prácticas municipales",
        "Santiago, Chile",
        "Reconoce la medición sistemática de la satisfacción usuaria y la reducción de los tiempos de atención "
        "en las oficinas municipales.",
        [
            (
                "Carta de compromisos de servicio",
                "Plazos de respuesta publicados para los trámites más frecuentes.",
            ),
            (
                "Encuesta semestral de satisfacción",
                "Aplicación y análisis de resultados con planes de mejora.",
            ),
        ],
    ),
    (
        "16103",
        "chillan-viejo-reconocimiento-gestion-calidad-2024",
        "Reconocimiento a la Gestión de Calidad",
        DistinctionLevel.BRONZE,
        "Modelo de Gestión de Calidad de los Servicios Municipales",
        datetime.date(2024, 10, 8),
        "Encuentro regional de municipalidades de Ñuble",
        "Chillán, Chile",
        "Destaca el primer ciclo completo de autoevaluación y el plan de mejora de la atención en el "
        "departamento de desarrollo comunitario.",
        [("Autoevaluación institucional", "Primer diagnóstico con participación de todas las direcciones.")],
    ),
    (
        "08101",
        "concepcion-mencion-gobierno-abierto-2023",
        "Mención al Gobierno Abierto Local",
        DistinctionLevel.MENTION,
        "Estándares de gobierno abierto local",
        datetime.date(2023, 12, 5),
        "Cumbre de gobiernos locales del Biobío",
        "Concepción, Chile",
        "Valora la publicación de datos abiertos municipales y los mecanismos de rendición de cuentas "
        "territorial.",
        [("Portal de datos abiertos", "Publicación de conjuntos de datos con licencia abierta.")],
    ),
]


def _distinctions(index: DistinctionIndexPage) -> DistinctionPage:
    la_serena = Municipality.objects.get(comuna__code=LA_SERENA)
    serena = DistinctionPage.objects.filter(slug=DISTINCTION_SLUG).first()
    if serena is None:
        serena = DistinctionPage(
            slug=DISTINCTION_SLUG,
            title="La Serena: Distinción de Plata al Buen Gobierno y la Calidad Democrática",
            municipality=la_serena,
            awarding_body="Unión Iberoamericana de Municipalistas (UIM)",
            distinction_name="Distinción de Plata al Buen Gobierno y la Calidad Democrática",
            level=DistinctionLevel.SILVER,
            management_model="Modelo UIM de Buen Gobierno y Calidad Democrática",
            award_date=datetime.date(2017, 9, 26),
            event="XII Congreso Iberoamericano de Municipalistas",
            place="Manizales, Caldas (Colombia)",
            summary="La Municipalidad de La Serena fue la primera de América Latina en recibir un "
            "reconocimiento de la UIM a una gestión basada en el buen gobierno y la calidad democrática, "
            "tras autoevaluarse con el modelo de la Unión y completar dos proyectos de mejora.",
            body="<p>El reconocimiento llegó después de un proceso exigente de autoevaluación de toda la gestión "
            "municipal con el referencial de la UIM, un modelo pensado solo para gobiernos locales que incorpora "
            "la gestión del territorio y la calidad democrática entre sus criterios.</p>"
            "<p>La autoevaluación identificó oportunidades de mejora. Para obtener la distinción, la "
            "municipalidad ejecutó en el plazo exigido los proyectos que se detallan abajo, y la UIM supervisó "
            "tanto la autoevaluación como el logro de sus objetivos.</p>"
            "<p>La distinción corona una trayectoria de medición de la gestión que La Serena inició en 2008 con "
            "el modelo chileno para municipalidades y continuó con la gestión por resultados para el desarrollo "
            "y el diagnóstico nacional municipal.</p>",
        )
        serena.improvement_projects = [
            ImprovementProject(
                title="Medición de indicadores de calidad para el cumplimiento de estándares de calidad",
                description="Definición y seguimiento periódico de indicadores que verifican que los servicios "
                "municipales cumplen los estándares comprometidos.",
                sort_order=0,
            ),
            ImprovementProject(
                title="Diagnóstico comunal de género para actualizar la Agenda Local de Género",
                description="Levantamiento de brechas de género en la comuna como base para renovar la agenda "
                "local de género.",
                sort_order=1,
            ),
        ]
        index.add_child(instance=serena)
        _publish(serena)
    for comuna, slug, name, level, model, date, event, place, summary, projects in OTHER_DISTINCTIONS:
        if DistinctionPage.objects.filter(slug=slug).exists():
            continue
        municipality = Municipality.objects.get(comuna__code=comuna)
        page = DistinctionPage(
            slug=slug,
            title=f"{municipality.comuna.name}: {name}",
            municipality=municipality,
            awarding_body="Asociación de Municipalidades",
            distinction_name=name,
            level=level,
            management_model=model,
            award_date=date,
            event=event,
            place=place,
            summary=summary,
            body=f"<p>{summary}</p>",
        )
        page.improvement_projects = [
            ImprovementProject(title=title, description=description, sort_order=order)
            for order, (title, description) in enumerate(projects)
        ]
        index.add_child(instance=page)
        _publish(page)
    return serena


# -- practices ---------------------------------------------------------------------------------


def _seed_rows() -> list[dict]:
    quality_policy = {
        "external_id": QUALITY_POLICY_ID,
        "title": "Política de Calidad Municipal de La Serena",
        "municipality": LA_SERENA,
        "category": "gestion-y-modernizacion",
        "themes": "Calidad de servicios;Planificación estratégica;Gobierno abierto",
        "ods": "11;16",
        "year": "2021",
        "implementation_period": "2021–2025",
        "summary": "Por el decreto alcaldicio N° 1351, del 14 de octubre de 2021, La Serena aprobó una política "
        "de calidad que compromete a todos los servicios municipales con la mejora continua, la medición de "
        "indicadores y la escucha permanente de la comunidad.",
        "previous_situation": "La municipalidad llevaba más de una década midiendo su gestión con distintos "
        "modelos de calidad, pero los compromisos estaban repartidos entre documentos y unidades. Faltaba una "
        "declaración única, aprobada formalmente, que orientara a todo el personal y que la comunidad pudiera "
        "conocer.",
        "objectives": "- Instalar una cultura de mejora continua basada en la autoevaluación y en planes de "
        "mejora.\n- Atender a la comunidad con un estándar que respete sus derechos y cumpla la normativa.\n"
        "- Aprovechar la tecnología para simplificar trámites y evitar gestiones innecesarias.\n- Desarrollar "
        "de forma permanente al personal municipal.\n- Publicar información clara sobre cada servicio.\n- "
        "Controlar periódicamente los indicadores de calidad y corregir a tiempo.",
        "description": "La Dirección de Administración Municipal redactó la política (versión del 31 de agosto "
        "de 2021), alineada con el Plan Estratégico 2021-2025. El alcalde la aprobó por decreto y se comunicó a "
        "todas las unidades y funcionarios, además de publicarse en el sitio web municipal.\n\nLa política "
        "se apoya en la retroalimentación de la comunidad mediante encuestas, cuestionarios de calidad y "
        "reuniones, y en el seguimiento de indicadores por parte de la coordinación de gestión de calidad.",
        "results": "La política dio un marco común a los proyectos de mejora de la municipalidad, entre ellos la "
        "medición de indicadores de calidad, y hoy orienta la planificación anual de cada dirección.",
        "citizen_participation": "La participación activa de la ciudadanía es uno de los pilares de la "
        "política: las opiniones recogidas en encuestas y reuniones alimentan la revisión de los procesos.",
        "sustainability": "Al estar aprobada por decreto y ligada al plan estratégico, la política trasciende a "
        "los equipos y se revisa con cada nueva versión del plan.",
        "replicability": "El documento es breve, de lenguaje simple y se basa en compromisos generales, por lo "
        "que cualquier municipalidad puede adaptarlo a su realidad.",
        "lessons_learned": "Formalizar los compromisos de calidad en un acto administrativo ayudó a darles "
        "continuidad y a que todo el personal los reconozca como propios.",
        "partners": "Dirección de Administración Municipal; Dirección de Asesoría Jurídica; coordinación de "
        "gestión de calidad.",
        "budget_clp": "",
        "competition_name": "",
        "competition_result": "",
        "source": "Decreto alcaldicio N° 1351 de 2021, Municipalidad de La Serena",
        "indicators": "Unidades municipales informadas de la política|0|100|%;"
        "Proyectos de mejora ejecutados en plazo|0|2|proyectos",
    }
    manual = {
        "external_id": MANUAL_ID,
        "title": "Manual de Buenas Prácticas para el Municipalismo",
        "municipality": "04301",
        "category": "participacion",
        "themes": "Planificación estratégica;Gobierno abierto;Formación ciudadana",
        "ods": "16;17",
        "year": "2019",
        "implementation_period": "2019–2021",
        "summary": "Un manual que propone una gestión local estratégica, participativa y eficiente, probado en "
        "un plan piloto donde autoridades electas, funcionarios y vecinos planificaron juntos.",
        "previous_situation": "Alcaldes y concejales no compartían un modelo de gestión común. La planificación "
        "estratégica se hacía sin acuerdo con la ciudadanía, los espacios de participación eran escasos y el "
        "control de los asuntos de gobierno por parte de vecinas y vecinos era débil. El equipo técnico "
        "necesitaba estabilidad y capacitación.",
        "objectives": "- Diseñar un plan de acción en forma de manual para una gestión local estratégica, "
        "participativa y eficiente.\n- Aplicar un plan piloto y evaluar la experiencia en el propio "
        "municipio.\n- Publicar y difundir el manual como buena práctica.",
        "description": "Se formó un equipo de planificación con concejales, funcionarios y representantes "
        "vecinales de las comisiones temáticas. El equipo elaboró el plan municipal de desarrollo, los planes "
        "operativos y un cronograma.\n\nEl proceso incluyó talleres con vecinos, la sistematización de sus "
        "aportes y la devolución de resultados a la población.",
        "results": "El municipio cuenta con un plan de desarrollo y planes operativos construidos con "
        "participación. Se analizó la participación de concejales y vecinos en el proceso a partir de las actas, "
        "se sintetizaron los temas tratados con la respuesta del gobierno local y se elaboró una matriz FODA "
        "del avance del modelo.",
        "citizen_participation": "La participación ciudadana atraviesa toda la experiencia: vecinas y vecinos "
        "integran las comisiones, aportan en talleres y reciben de vuelta la síntesis de lo acordado.",
        "sustainability": "El manual queda como método de trabajo del gobierno local y el equipo técnico "
        "capacitado lo mantiene entre periodos de gobierno.",
        "replicability": "Al estar escrito como manual, otras municipalidades pueden seguir los mismos pasos y "
        "adaptar las comisiones temáticas a su territorio.",
        "lessons_learned": "Devolver a la comunidad lo que se hizo con sus aportes fortalece la confianza y "
        "mejora la asistencia a las siguientes instancias.",
        "partners": "Concejo municipal; comisiones vecinales temáticas.",
        "budget_clp": "12000000",
        # Recognitions in the demo come from a published call result or an existing distinction only.
        "competition_name": "",
        "competition_result": "",
        "source": "Postulación del municipio",
        "indicators": "Talleres con vecinos realizados|0|8|talleres;Planes operativos aprobados|0|5|planes",
    }
    return [quality_policy, manual]


def _fill(text: str, values: dict) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _generated_rows() -> list[dict]:
    codes = set(
        Municipality.objects.filter(comuna__code__in=content.COMUNAS).values_list("comuna__code", flat=True)
    )
    comunas = [code for code in content.COMUNAS if code in codes]
    names = dict(
        Municipality.objects.filter(comuna__code__in=comunas).values_list("comuna__code", "comuna__name")
    )
    rng = random.Random(2026)
    rows = []
    years = list(range(2015, 2027))
    for number, idea in enumerate(content.IDEAS):
        for copy in range(2):
            position = number * 2 + copy
            code = comunas[(position * 7) % len(comunas)]
            year = years[(position * 5 + copy) % len(years)]
            comuna = names[code]
            values = {
                "comuna": comuna,
                "n1": f"{rng.randint(15, 90) * 100:,}".replace(",", "."),
                "n2": str(rng.randint(20, 400)),
                "n3": str(rng.randint(4, 25)),
                "n4": str(rng.randint(3, 9)),
                "n5": str(rng.randint(80, 900)),
                "p1": str(rng.randint(60, 92)),
            }
            low, high = idea["budget"]
            budget = rng.randrange(low, high, 500_000)
            ongoing = year >= 2025 or rng.random() < 0.3
            # No free-text recognitions: the library's awards come from published call results (issue 15).
            result = ""
            rows.append(
                {
                    "external_id": f"demo-{idea['key']}-{copy + 1}",
                    "title": f"{idea['title']} en {comuna}",
                    "municipality": code,
                    "category": idea["category"],
                    "themes": ";".join(idea["themes"]),
                    "ods": ";".join(str(n) for n in idea["ods"]),
                    "year": str(year),
                    "implementation_period": f"{year}–en curso"
                    if ongoing
                    else f"{year}–{year + rng.randint(1, 3)}",
                    "summary": _fill(idea["summary"], values),
                    "previous_situation": _fill(idea["previous"], values),
                    "objectives": _fill(idea["objectives"], values),
                    "description": _fill(idea["description"], values),
                    "results": _fill(idea["results"], values),
                    "citizen_participation": _fill(idea["participation"], values),
                    "sustainability": content.SUSTAINABILITY[position % len(content.SUSTAINABILITY)],
                    "replicability": content.REPLICABILITY[(position + 1) % len(content.REPLICABILITY)],
                    "lessons_learned": " ".join(
                        content.LESSONS[(position + offset) % len(content.LESSONS)] for offset in (0, 2)
                    ),
                    "partners": idea["partners"],
                    "budget_clp": str(budget),
                    "competition_name": f"Concurso de Buenas Prácticas Municipales {min(year + 1, 2026)}"
                    if result
                    else "",
                    "competition_result": result,
                    "source": "Postulación del municipio"
                    if result
                    else "Sistematización del equipo de la asociación",
                    "indicators": ";".join(
                        "|".join([name, baseline, _fill(value, values), unit])
                        for name, baseline, value, unit in idea["indicators"]
                    ),
                }
            )
    return rows


def _practice_rows() -> list[tuple[int, dict]]:
    return list(enumerate(_seed_rows() + _generated_rows(), start=1))


def _practice_extras(images: dict, distinction: DistinctionPage) -> dict:
    extras = {}
    for _line, row in _practice_rows():
        extras[row["external_id"]] = {"main_image": images[row["category"]]}
    extras[QUALITY_POLICY_ID]["distinction"] = distinction
    return extras


def _seed_case_media(images: dict) -> None:
    """An attachment and a small gallery on La Serena's quality-policy case (added once)."""
    page = GoodPracticePage.objects.get(external_id=QUALITY_POLICY_ID)
    if page.attachments.exists():
        return
    document = _document(
        "Política de Calidad Municipal de La Serena (resumen)",
        "politica-calidad-la-serena-resumen.pdf",
        [
            "Resumen preparado para la biblioteca del portal. La política fue aprobada por el decreto "
            "alcaldicio N° 1351 del 14 de octubre de 2021.",
            "Compromisos: mejora continua basada en autoevaluación; servicio que respete los derechos de la "
            "ciudadanía; uso de la tecnología para simplificar trámites; desarrollo del personal; información "
            "clara y accesible; control periódico de indicadores de calidad.",
        ],
    )
    page.attachments = [
        PracticeAttachment(document=document, title="Resumen de la política de calidad", sort_order=0)
    ]
    page.gallery = [
        PracticeImage(
            image=images["gestion-y-modernizacion"], caption="Gestión de calidad en La Serena", sort_order=0
        ),
        PracticeImage(image=images["participacion"], caption="Escucha activa de la comunidad", sort_order=1),
    ]
    _publish(page)


def _featured(home: HomePage) -> None:
    if home.featured.exists():
        return
    ids = [QUALITY_POLICY_ID, MANUAL_ID, "demo-reciclaje-puerta-a-puerta-1"]
    practices = {page.external_id: page for page in GoodPracticePage.objects.filter(external_id__in=ids)}
    home.featured = [
        HomeFeaturedPractice(practice=practices[key], sort_order=order)
        for order, key in enumerate(ids)
        if key in practices
    ]
    _publish(home)


# -- program pages and news --------------------------------------------------------------------


def _stream(items: list[tuple[str, object]]) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in items])


PROGRAM_PAGES = [
    (
        "plataforma-buenas-practicas",
        "Plataforma de Buenas Prácticas Municipales",
        "Conocer, reconocer y transferir lo que funciona en la gestión municipal.",
        [
            (
                "paragraph",
                "<p>La plataforma busca que las municipalidades mejoren su gestión aprendiendo unas de "
                "otras. Reúne experiencias probadas, las documenta con un formato común y organiza su transferencia "
                "entre comunas.</p>",
            ),
            ("heading", "Tres principios"),
            (
                "paragraph",
                "<ul><li><b>Nuevas formas de gestión:</b> una comunidad de municipios que crea sistemas y "
                "procesos útiles para todo el sector.</li><li><b>Cooperación entre municipios:</b> los problemas de "
                "uno se resuelven con el apoyo de otros, en un trato horizontal.</li><li><b>Concurso y "
                "reconocimiento:</b> las experiencias se presentan y se distinguen en el Concurso de Buenas Prácticas "
                "Municipales.</li></ul>",
            ),
            ("heading", "Cómo funciona el concurso"),
            (
                "paragraph",
                "<ol><li>Se publican las bases técnicas y una convocatoria abierta.</li><li>Las "
                "municipalidades postulan sus iniciativas.</li><li>Evaluadores ciegos califican cada postulación "
                "sin conocer su origen.</li><li>Un comité de expertos revisa los puntajes y decide.</li><li>Se "
                "publica el ranking y las prácticas seleccionadas pasan a la biblioteca.</li></ol>",
            ),
            (
                "quote",
                {
                    "text": "Una buena idea se multiplica cuando otra municipalidad puede adoptarla.",
                    "attribution": "Equipo de la plataforma",
                },
            ),
            ("heading", "Difusión"),
            (
                "paragraph",
                "<p>Cada ciclo termina con un seminario nacional, la publicación de un libro con las "
                "prácticas reconocidas y un programa de transferencia para los municipios interesados.</p>",
            ),
            (
                "cta",
                {
                    "title": "Explore la biblioteca",
                    "text": "Decenas de prácticas documentadas con indicadores y lecciones aprendidas.",
                    "page": None,
                    "url": "/biblioteca/",
                    "button": "Ir a la biblioteca",
                },
            ),
        ],
    ),
    (
        "escuelas-ciudadanas",
        "Escuelas Ciudadanas",
        "Formación para vecinos, dirigentes y organizaciones sociales.",
        [
            (
                "paragraph",
                "<p>Las Escuelas Ciudadanas son un programa de formación de la Escuela de Gobierno Local "
                "dirigido a la ciudadanía y a las organizaciones de base. Su propósito es fortalecer una ciudadanía "
                "activa, capaz de participar e incidir en su comuna.</p>",
            ),
            ("heading", "Contenidos"),
            (
                "paragraph",
                "<ul><li>Educación cívica y participación</li><li>Liderazgo</li><li>Gestión de proyectos "
                "locales</li><li>Emprendimiento</li></ul>",
            ),
            (
                "paragraph",
                "<p>Los cursos se imparten en las comunas, con metodologías prácticas y en horarios "
                "compatibles con el trabajo de los dirigentes.</p>",
            ),
        ],
    ),
    (
        "estudios-y-proyectos",
        "Estudios y proyectos",
        "Asistencia técnica para decidir con evidencia.",
        [
            (
                "paragraph",
                "<p>El programa apoya a autoridades, directivos y equipos municipales y regionales que "
                "enfrentan un problema que necesita investigación o una intervención bien diseñada.</p>",
            ),
            ("heading", "Qué ofrecemos"),
            (
                "paragraph",
                "<ul><li>Diseño de estudios transversales o longitudinales</li><li>Estudios específicos y "
                "de coyuntura</li><li>Acompañamiento en el desarrollo y la postulación de proyectos</li><li>Construcción "
                "de instrumentos: cuestionarios, muestras y pautas</li><li>Informes de resultados y "
                "capacitación</li></ul>",
            ),
            (
                "paragraph",
                "<p>El equipo profesional de la Escuela de Gobierno Local presta una asistencia técnica "
                "permanente en gestión pública local.</p>",
            ),
        ],
    ),
]


def _program_pages(home: HomePage) -> None:
    for slug, title, intro, body in PROGRAM_PAGES:
        if StandardPage.objects.child_of(home).filter(slug=slug).exists():
            continue
        page = StandardPage(slug=slug, title=title, intro=intro, body=_stream(body), show_in_menus=True)
        home.add_child(instance=page)
        _publish(page)


NEWS = [
    (
        "convocatoria-concurso-2026",
        "Abre la convocatoria del Concurso de Buenas Prácticas Municipales 2026",
        datetime.date(2026, 3, 2),
        "Las municipalidades pueden postular sus iniciativas en ocho categorías hasta el cierre de la "
        "convocatoria.",
        "<p>Las bases técnicas están disponibles en la sección de concursos. Cada municipalidad puede presentar "
        "varias prácticas y la evaluación será ciega: quienes califican no sabrán de qué comuna proviene cada "
        "postulación.</p>",
    ),
    (
        "seminario-nacional-buenas-practicas-2025",
        "Seminario nacional reunió a equipos municipales de todas las regiones",
        datetime.date(2025, 11, 21),
        "La jornada presentó las prácticas ganadoras del último concurso y abrió el programa de transferencia.",
        "<p>Equipos de más de cuarenta comunas compartieron experiencias en participación, medio ambiente y "
        "modernización. Las prácticas presentadas ya están en la biblioteca.</p>",
    ),
    (
        "escuelas-ciudadanas-nuevo-ciclo",
        "Escuelas Ciudadanas inician un nuevo ciclo de formación",
        datetime.date(2025, 4, 14),
        "Dirigentes sociales de cinco regiones comienzan los módulos de liderazgo y proyectos locales.",
        "<p>El ciclo combina sesiones presenciales en las comunas con material de estudio en línea.</p>",
    ),
    (
        "biblioteca-supera-treinta-practicas",
        "La biblioteca de buenas prácticas supera las treinta experiencias publicadas",
        datetime.date(2024, 8, 30),
        "Cada caso se presenta con el mismo formato para facilitar la comparación y la réplica.",
        "<p>Las fichas incluyen la situación previa, los objetivos, lo que se hizo, los indicadores de "
        "resultado y las lecciones aprendidas.</p>",
    ),
]


def _news(index: NewsIndexPage) -> None:
    for slug, title, date, intro, body in NEWS:
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = NewsPage(slug=slug, title=title, date=date, intro=intro, body=_stream([("paragraph", body)]))
        index.add_child(instance=page)
        _publish(page)
