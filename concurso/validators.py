"""Validation of uploaded evidence: the type is decided by the bytes, never by the file name."""

from dataclasses import dataclass

import filetype
import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
NAME_EXTENSIONS = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
TYPE_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def _head(uploaded_file, length=8192) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(length)
    uploaded_file.seek(0)
    return head


def check_attachment(uploaded_file) -> CheckedFile:
    """Raise ValidationError with a Spanish message unless the file is a real PDF, JPEG or PNG."""
    size = uploaded_file.size or 0
    max_bytes = settings.SUBMISSION_MAX_FILE_BYTES
    if size == 0:
        raise ValidationError(_("El archivo está vacío."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("El archivo pesa %(size)s y el máximo por archivo es %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_big",
        )
    head = _head(uploaded_file)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("«%(name)s» no es un PDF, JPEG ni PNG válido (se revisa el contenido, no el nombre).")
            % {"name": uploaded_file.name},
            code="bad_type",
        )
    extension = (
        (uploaded_file.name or "").rsplit(".", 1)[-1].lower() if "." in (uploaded_file.name or "") else ""
    )
    named_as = NAME_EXTENSIONS.get(extension)
    if named_as and named_as != mime:
        raise ValidationError(
            _(
                "«%(name)s» tiene nombre de %(named)s pero su contenido es %(real)s: revise que sea el archivo correcto."
            )
            % {"name": uploaded_file.name, "named": TYPE_LABELS[named_as], "real": TYPE_LABELS[mime]},
            code="name_mismatch",
        )
    if mime == "application/pdf":
        _check_pdf(uploaded_file, head)
    else:
        _check_image(uploaded_file, mime)
    uploaded_file.seek(0)
    return CheckedFile(content_type=mime, extension=ALLOWED_TYPES[mime], size=size)


def _check_pdf(uploaded_file, head: bytes) -> None:
    if not head.startswith(b"%PDF"):
        raise ValidationError(_("El PDF no comienza como un PDF válido."), code="bad_pdf")
    uploaded_file.seek(0)
    try:
        with pikepdf.open(uploaded_file) as pdf:
            if len(pdf.pages) == 0:
                raise ValidationError(_("El PDF no tiene páginas."), code="bad_pdf")
    except pikepdf.PasswordError:
        raise ValidationError(
            _("El PDF está protegido con contraseña: súbalo sin contraseña."), code="bad_pdf"
        )
    except (pikepdf.PdfError, ValueError, OSError):
        raise ValidationError(_("El PDF está dañado o no se puede abrir."), code="bad_pdf")


def _check_image(uploaded_file, mime: str) -> None:
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as image:
            expected = "JPEG" if mime == "image/jpeg" else "PNG"
            if image.format != expected:
                raise ValidationError(_("La imagen no corresponde a su tipo."), code="bad_image")
            # From the header, before anything is decoded: a few KB can declare 8000 x 8000 pixels,
            # which would take hundreds of MB to decode and re-encode for the blind copy.
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "La imagen mide %(width)s × %(height)s píxeles (%(mp)s megapíxeles) y el máximo es "
                        "%(max)s megapíxeles. Redúzcala o expórtela a menor resolución y súbala de nuevo."
                    )
                    % {
                        "width": width,
                        "height": height,
                        "mp": round(width * height / 1e6, 1),
                        "max": round(settings.MAX_IMAGE_PIXELS / 1e6),
                    },
                    code="too_many_pixels",
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("La imagen está dañada o no se puede abrir."), code="bad_image")
