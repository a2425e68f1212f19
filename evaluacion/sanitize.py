"""Rewrites attachments for blind review (no ORM here: bytes in, bytes out).

PDFs are **regenerated**, not copied. Stripping the document information dictionary and the XMP
packet of the original is not enough: the page text itself often names the municipality (letter
heads, signatures, footers), and images of logos or stamps cannot be redacted reliably. So the text
of every page is extracted with pypdf, passed through the same redactor as the entry's texts, and
typeset again with reportlab into a plain new PDF ("Anexo N, página X"). Tables lose their layout
and pictures are dropped: the evaluator reads the evidence, not the letterhead. The new file is
then opened with pikepdf to delete any document information and XMP metadata reportlab wrote.
A PDF with no extractable text (a scan) yields a page saying so; staff can still read the original.

Images are decoded with Pillow, turned upright, and re-encoded from their pixels alone (a new
image object), so EXIF, GPS, XMP, comments and ICC text never reach the new file. Text painted
inside an image (a logo) cannot be detected here: the committee and staff see the originals, and
evaluators are told that images are shown as sent.

Other formats (office documents, archives) are not served to evaluators at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

PDF_TYPES = {"application/pdf"}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "png", "image/gif": "png"}
MAX_PAGES = 200
MAX_IMAGE_PIXELS = 40_000_000


class UnsupportedFormat(ValueError):
    pass


def extension_for(content_type: str) -> str | None:
    if content_type in PDF_TYPES:
        return "pdf"
    return IMAGE_TYPES.get(content_type)


def neutral_name(code: str, number: int, content_type: str) -> str:
    return f"{code}-anexo-{number}.{extension_for(content_type) or 'bin'}"


def extract_pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES:
            break
        try:
            pages.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - a broken page must not stop the others
            pages.append("")
    return pages


def strip_pdf_metadata(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
        return out.getvalue()


def regenerate_pdf(data: bytes, *, heading: str, redact: Callable[[str], str], empty_notice: str) -> bytes:
    """A new PDF with the redacted text of ``data``'s pages, without any metadata."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    pages = extract_pdf_text(data)
    styles = getSampleStyleSheet()
    story = []
    for number, text in enumerate(pages, start=1):
        story.append(Paragraph(escape(f"{heading} · {number}/{len(pages)}"), styles["Heading4"]))
        clean = redact(text).strip()
        if not clean:
            story.append(Paragraph(escape(empty_notice), styles["Italic"]))
        for block in clean.split("\n\n"):
            lines = [escape(line.strip()) for line in block.splitlines() if line.strip()]
            if lines:
                story.append(Paragraph("<br/>".join(lines), styles["BodyText"]))
                story.append(Spacer(1, 0.2 * cm))
        story.append(PageBreak())
    if not story:
        story.append(Paragraph(escape(empty_notice), styles["Italic"]))
    out = io.BytesIO()
    # invariant=1: no creation date or random id is written (a date could hint at the author).
    doc = SimpleDocTemplate(
        out, pagesize=A4, title="", author="", subject="", creator="", producer="", invariant=1
    )
    doc.build(story)
    return strip_pdf_metadata(out.getvalue())


def reencode_image(data: bytes) -> tuple[bytes, str]:
    """(new bytes, content type) of an image rebuilt from its pixels only."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as original:
        # Checked from the header, before decoding; Pillow's process-wide limit is left alone.
        if original.width * original.height > MAX_IMAGE_PIXELS:
            raise UnsupportedFormat(f"imagen de {original.width}x{original.height} píxeles")
        original.load()
        upright = ImageOps.exif_transpose(original)
        has_alpha = upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info)
        mode = "RGBA" if has_alpha else "RGB"
        pixels = upright.convert(mode)
        clean = Image.new(mode, pixels.size)
        clean.paste(pixels)
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "image/png"
    clean.save(out, format="JPEG", quality=88)
    return out.getvalue(), "image/jpeg"


def sanitise(
    data: bytes, content_type: str, *, heading: str, redact: Callable[[str], str], empty_notice: str
) -> tuple[bytes, str]:
    if content_type in PDF_TYPES:
        return regenerate_pdf(
            data, heading=heading, redact=redact, empty_notice=empty_notice
        ), "application/pdf"
    if content_type in IMAGE_TYPES:
        return reencode_image(data)
    raise UnsupportedFormat(content_type)
