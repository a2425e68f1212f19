"""Builds the book's PDF: cover, presentation, contents with page numbers, one chapter per case.

Reproducible: the same book and practices give the same bytes. The document's dates come from the
content (the latest publication of a chosen practice), not from the clock, and the PDF identifier
is the hash of the rendered HTML.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

import segno
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors
from .models import Book
from .pdf import html_to_pdf, local_file_uri

STYLESHEET = "css/difusion-book.css"


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2, dark="#0b3d4f")


def _image(image, spec: str) -> dict | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except (OSError, ValueError):
        return None
    # A rendition whose file is gone (storage cleaned, stale cache) falls back to the original.
    uri = local_file_uri(rendition.file) or local_file_uri(image.file)
    if uri is None:
        return None
    return {"src": uri, "alt": image.title}


def chapters(book: Book, *, progress: Callable[[int, str], None] | None = None) -> list[dict]:
    entries = selectors.book_entries(book)
    result = []
    for number, entry in enumerate(entries, start=1):
        practice = entry.practice
        url = practice.full_url or practice.url or ""
        result.append(
            {
                "number": number,
                "anchor": f"caso-{number}",
                "practice": practice,
                "region": practice.municipality.comuna.region,
                "url": url,
                "qr": _qr_data_uri(url) if url else None,
                "main_image": _image(practice.main_image, "max-1400x900"),
                "gallery": [
                    {"image": img, "caption": item.caption}
                    for item in practice.gallery.all()
                    if (img := _image(item.image, "max-700x500"))
                ][:4],
            }
        )
        if progress:
            progress(
                10 + int(60 * number / max(len(entries), 1)),
                _("Preparando caso %(n)s de %(total)s") % {"n": number, "total": len(entries)},
            )
    return result


def render_html(book: Book, *, progress=None) -> str:
    cases = chapters(book, progress=progress)
    published = [case["practice"].last_published_at for case in cases if case["practice"].last_published_at]
    content_date = max(published) if published else book.created_at
    categories = []
    for case in cases:
        name = case["practice"].category.name
        if not categories or categories[-1]["name"] != name:
            categories.append({"name": name, "cases": []})
        categories[-1]["cases"].append(case)
    return render_to_string(
        "difusion/book/book.html",
        {"book": book, "cases": cases, "categories": categories, "content_date": content_date},
    )


def build_pdf(book: Book, *, progress=None) -> tuple[bytes, str, float]:
    """(pdf bytes, hash of the input HTML, seconds taken)."""
    started = time.monotonic()
    html = render_html(book, progress=progress)
    digest = hashlib.sha256(html.encode()).hexdigest()
    if progress:
        progress(75, _("Componiendo páginas"))
    pdf = html_to_pdf(html, stylesheets=[STYLESHEET], identifier=digest[:32].encode())
    return pdf, digest, time.monotonic() - started
