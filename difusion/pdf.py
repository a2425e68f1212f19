"""Paged HTML to PDF with WeasyPrint, shared by the book and the attendance certificates.

Only local files under MEDIA_ROOT/STATIC files and data: URIs are fetched: a PDF is never built
from content on another server (and tests never touch the network).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT).resolve()]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def url_fetcher(url: str, timeout: int = 10, ssl_context=None):
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    if url.startswith("file://"):
        path = Path(url[len("file://"):]).resolve()
        if any(path.is_relative_to(root) for root in _allowed_roots()) or finders.find(path.name) == str(path):
            return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    raise ValueError(f"Recurso no permitido en el PDF: {url[:80]}")


def stylesheet_path(name: str) -> str:
    """Absolute path of a CSS file in static/ (found by the staticfiles finders)."""
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return str(found)


def html_to_pdf(html: str, *, stylesheets: list[str], identifier: bytes | None = None) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(Path(settings.MEDIA_ROOT).resolve()) + "/", url_fetcher=url_fetcher)
    css = [CSS(filename=stylesheet_path(name), url_fetcher=url_fetcher) for name in stylesheets]
    return document.write_pdf(stylesheets=css, pdf_identifier=identifier)


def local_file_uri(file_field) -> str | None:
    """file:// URI of a stored file (images of the book), or None when storage is not local."""
    try:
        return Path(file_field.path).resolve().as_uri()
    except (NotImplementedError, ValueError, AttributeError):
        return None
