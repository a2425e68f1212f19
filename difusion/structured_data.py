"""schema.org JSON-LD, escaped so that page content can never close the <script> element."""

import json

from django.utils.safestring import SafeString, mark_safe


def json_ld(data: dict) -> SafeString:
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (<, > and & escaped above)
