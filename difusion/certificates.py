"""Attendance certificate of one registration, as a PDF (WeasyPrint)."""

import hashlib

from django.template.loader import render_to_string

from .models import Registration
from .pdf import html_to_pdf


def certificate_pdf(registration: Registration) -> bytes:
    html = render_to_string(
        "difusion/certificate.html", {"registration": registration, "event": registration.event}
    )
    identifier = hashlib.sha256(f"certificado:{registration.token}".encode()).hexdigest()[:32].encode()
    return html_to_pdf(html, stylesheets=["css/difusion-certificate.css"], identifier=identifier)
