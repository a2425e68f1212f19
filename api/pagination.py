from collections import OrderedDict

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PortalPagination(PageNumberPagination):
    """Pages of 20 by default (up to 500 with `por_pagina`); a CSV/XLSX download of a list gets
    every matching item, since a spreadsheet of one page is rarely what anybody wants."""

    page_size = 20
    page_query_param = "pagina"
    page_size_query_param = "por_pagina"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        if getattr(request, "accepted_renderer", None) is not None and request.accepted_renderer.format in {
            "csv",
            "xlsx",
        }:
            return None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("total", self.page.paginator.count),
                    ("siguiente", self.get_next_link()),
                    ("anterior", self.get_previous_link()),
                    ("resultados", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["total", "resultados"],
            "properties": {
                "total": {"type": "integer"},
                "siguiente": {"type": ["string", "null"], "format": "uri"},
                "anterior": {"type": ["string", "null"], "format": "uri"},
                "resultados": schema,
            },
        }
