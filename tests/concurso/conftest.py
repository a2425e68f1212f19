import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reportlab.pdfgen import canvas

from core.models import Role
from tests.factories.concurso import CallFactory
from tests.factories.core import make_user


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def applicant(db):
    return make_user("luis@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")


@pytest.fixture
def colleague(db):
    return make_user("laura@laserena.cl", roles=[Role.APPLICANT], comuna_code="04101")


@pytest.fixture
def other_applicant(db):
    return make_user("valeria@valdivia.cl", roles=[Role.APPLICANT], comuna_code="14101")


@pytest.fixture
def evaluator(db):
    return make_user("eva@example.cl", roles=[Role.EVALUATOR])


@pytest.fixture
def committee(db):
    return make_user("comite@example.cl", roles=[Role.COMMITTEE])


@pytest.fixture
def staff(db):
    return make_user("coordinacion@example.cl", roles=[Role.COORDINATOR])


def pdf_bytes(text="Informe de prueba") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(100, 750, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


def upload_attachment(client, entry, name, content, content_type="application/pdf", **data):
    """POST the submission page with one file: the upload form as a browser sends it."""
    payload = {"version": str(entry.version), "title": entry.title, "label": "Informe de resultados", **data}
    payload["file"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("concurso:submission_edit", args=[entry.code]), payload)
