"""A "pixel bomb": a PNG of a few KB declaring 8000 x 8000 pixels is refused at upload, from its
header, and the blind-copy re-encoder refuses it too without touching Pillow's process-wide limit.

One threat followed across modules on purpose: concurso.validators, the upload view and
evaluacion.sanitize."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from concurso.models import SubmissionAttachment
from concurso.validators import check_attachment
from evaluacion import sanitize
from tests.concurso.conftest import png_bytes, upload_attachment
from tests.factories.concurso import SubmissionFactory


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def pixel_bomb(width: int = 8000, height: int = 8000) -> bytes:
    """A valid, complete PNG (1-bit grey, all black): tiny on disk, width x height once decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte + packed pixels
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height, 9))
        + _chunk(b"IEND", b"")
    )


def test_the_bomb_is_small_and_really_that_large():
    data = pixel_bomb()
    assert len(data) < 16_000
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (8000, 8000)


def test_the_validator_refuses_it_from_the_header(settings):
    settings.MAX_IMAGE_PIXELS = 40_000_000
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("plano.png", pixel_bomb(), content_type="image/png"))
    assert error.value.code == "too_many_pixels"
    assert "8000 × 8000" in error.value.messages[0] and "40 megapíxeles" in error.value.messages[0]
    # An ordinary photo passes.
    assert (
        check_attachment(SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")).content_type
        == "image/png"
    )


@pytest.fixture
def draft(call, applicant):
    return SubmissionFactory(
        call=call, municipality=applicant.municipality, created_by=applicant, title="Original"
    )


@pytest.mark.django_db
def test_the_upload_is_refused_with_a_clear_message_and_the_text_is_kept(client, draft, applicant):
    client.force_login(applicant)
    response = upload_attachment(
        client, draft, "plano.png", pixel_bomb(), "image/png", summary="Resumen que no se pierde"
    )
    body = (
        response.content.decode()
        if response.status_code == 200
        else client.get(response["Location"]).content.decode()
    )
    assert "megapíxeles" in body
    assert SubmissionAttachment.objects.count() == 0
    draft.refresh_from_db()
    assert draft.summary == "Resumen que no se pierde"


def test_the_reencoder_refuses_it_without_changing_pillows_global_limit():
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(sanitize.UnsupportedFormat):
        sanitize.reencode_image(pixel_bomb())
    data, content_type = sanitize.reencode_image(png_bytes())
    assert content_type in ("image/png", "image/jpeg") and data
    assert before == Image.MAX_IMAGE_PIXELS
