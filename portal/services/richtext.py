"""Rich text <-> plain text: the stored rich text of the library's case sections and the plain text of
the import/export schema and of submissions."""

from __future__ import annotations

import html
import re

from concurso import case_format

# The case-format sections the library page keeps as rich text (same field names on the page).
RICH_TEXT_FIELDS = list(case_format.names(rich_text=True))


def text_to_richtext(text: str) -> str:
    """Plain text to the stored rich text: blank lines separate paragraphs; lines starting with
    "- " become a bulleted list."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (text or "").strip()) if block.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{html.escape(line[2:].strip(), quote=False)}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{html.escape(' '.join(lines), quote=False)}</p>")
    return "".join(parts)


def richtext_to_text(value: str) -> str:
    """The inverse of text_to_richtext (any other markup is dropped, its text kept)."""
    value = str(value or "")
    value = re.sub(r"<li[^>]*>", "\n- ", value)
    value = re.sub(r"</(p|ul|ol|h[1-6]|blockquote)>", "\n\n", value)
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"<[^>]+>", "", value)
    value = html.unescape(value)
    blocks = []
    for block in re.split(r"\n\s*\n", value):
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in block.splitlines()]
        lines = [line for line in lines if line]
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
