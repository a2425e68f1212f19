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


def _is_allowed_file(url: str) -> bool:
    from urllib.parse import unquote, urlsplit

    path = Path(unquote(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(root) for root in _allowed_roots()) or finders.find(path.name) == str(path)


def url_fetcher():
    """A WeasyPrint fetcher limited to data: URIs and local files of this site."""
    from weasyprint.urls import URLFetcher, URLFetchingError

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (url.startswith("file://") and _is_allowed_file(url)):
                return super().fetch(url, headers)
            raise URLFetchingError(f"Recurso no permitido en el PDF: {url[:80]}")

    return LocalOnlyFetcher(allowed_protocols=("data", "file"), fail_on_errors=True)


def stylesheet_path(name: str) -> str:
    """Absolute path of a CSS file in static/ (found by the staticfiles finders)."""
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return str(found)


def html_to_pdf(html: str, *, stylesheets: list[str], identifier: bytes | None = None) -> bytes:
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    document = HTML(string=html, base_url=str(Path(settings.MEDIA_ROOT).resolve()) + "/", url_fetcher=fetcher)
    css = [CSS(filename=stylesheet_path(name), url_fetcher=fetcher) for name in stylesheets]
    return document.write_pdf(stylesheets=css, pdf_identifier=identifier)


def local_file_uri(file_field) -> str | None:
    """file:// URI of a stored file (images of the book), or None when storage is not local."""
    try:
        path = Path(file_field.path).resolve()
    except (NotImplementedError, ValueError, AttributeError):
        return None
    return path.as_uri() if path.is_file() else None
