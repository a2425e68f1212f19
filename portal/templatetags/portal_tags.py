"""Small presentation helpers for the public templates."""

from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.numbers import format_amount  # one es-CL format for money everywhere
from difusion.structured_data import json_ld
from portal.models import MunicipalityIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def municipality_url(context, municipality) -> str:
    """URL of a municipality's profile (served by the MunicipalityIndexPage); one lookup per request."""
    request = context.get("request")
    base = getattr(request, "_municipality_index_url", None)
    if base is None:
        index = MunicipalityIndexPage.objects.live().public().only("id", "url_path").first()
        base = (index.get_url(request) or "") if index else ""
        if request is not None:
            request._municipality_index_url = base
    return f"{base}{municipality.slug}/" if base and municipality else ""


@register.filter
def clp(value) -> str:
    """Chilean pesos with dot thousands separators: 12000000 -> "$12.000.000"."""

    try:
        return format_amount(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.simple_tag(takes_context=True)
def page_querystring(context, number) -> str:
    """Querystring for page `number` that keeps the active filters."""
    base = context.get("querystring") or ""
    return f"?{base}&pagina={number}" if base else f"?pagina={number}"


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """' aria-current="page"' on the main-navigation link of the section being viewed."""

    request = context.get("request")
    if request is not None and request.path.startswith(prefix):
        return mark_safe(' aria-current="page"')
    return ""


@register.simple_tag(takes_context=True)
def practice_json_ld(context, page):
    """schema.org JSON-LD of a good practice: an Article about a municipal initiative, with its place."""

    request = context.get("request")
    url = page.get_full_url(request)
    region = page.municipality.comuna.region
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "name": page.title,
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "es-CL",
        "articleSection": page.category.name,
        "keywords": ", ".join([page.category.name, *[theme.name for theme in page.themes.all()]]),
        "author": {"@type": "GovernmentOrganization", "name": page.municipality.name},
        "publisher": {
            "@type": "Organization",
            "name": context.get("SITE_NAME") or "Portal de Buenas Prácticas",
        },
        "spatialCoverage": {
            "@type": "AdministrativeArea",
            "name": page.municipality.comuna.name,
            "containedInPlace": {
                "@type": "AdministrativeArea",
                "name": region.name,
                "containedInPlace": {"@type": "Country", "name": "Chile"},
            },
        },
        "temporalCoverage": page.implementation_period or str(page.year),
    }
    if page.first_published_at:
        data["datePublished"] = timezone.localtime(page.first_published_at).isoformat()
    if page.last_published_at:
        data["dateModified"] = timezone.localtime(page.last_published_at).isoformat()
    if page.recognitions:
        data["award"] = [str(recognition) for recognition in page.recognitions]
    if page.main_image and request is not None:
        rendition = page.main_image.get_rendition("fill-1200x630")
        data["image"] = request.build_absolute_uri(rendition.url)
    return json_ld(data)


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_links(context, page, title=None):
    """Plain share links (no third-party scripts): WhatsApp, X, Facebook, LinkedIn, e-mail, copy."""

    url = page.get_full_url(context.get("request")) if hasattr(page, "get_full_url") else str(page)
    title = title or getattr(page, "title", "")
    return {
        "url": url,
        "links": [
            ("WhatsApp", "whatsapp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
            ("X", "x", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
            ("Facebook", "facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            (
                "LinkedIn",
                "linkedin",
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
            ),
        ],
        "mailto": f"mailto:?subject={quote(title)}&body={quote(url)}",
    }
