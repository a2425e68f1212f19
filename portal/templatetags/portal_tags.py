"""Small presentation helpers for the public templates."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def municipality_url(context, municipality) -> str:
    """URL of a municipality's profile (served by the MunicipalityIndexPage); one lookup per request."""
    from portal.models import MunicipalityIndexPage

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
    from core.numbers import format_amount  # one es-CL format for money everywhere

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
    from django.utils.safestring import mark_safe

    request = context.get("request")
    if request is not None and request.path.startswith(prefix):
        return mark_safe(' aria-current="page"')
    return ""
