"""The open data API, version 1: read-only lists of what the portal publishes.

Only live, public content: draft, unpublished or private pages never appear, results of a call
only once staff have published them. Every list also downloads as CSV or XLSX (`?format=`).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api import serializers
from api.renderers import CSVRenderer, XLSXRenderer
from calidad.selectors import benchmarks
from concurso.models import Call
from concurso.selectors import with_close_at
from core.models import Comuna, Region
from difusion.models import Event
from difusion.selectors import public_events
from evaluacion.selectors.scores import published_results
from portal.filters import GoodPracticeFilter
from portal.models import DistinctionPage, GoodPracticePage
from portal.selectors import distinctions, library_practices

LICENSE = {
    "nombre": "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.es",
    "atribucion": "Portal de Buenas Prácticas Municipales",
}

RENDERERS = [JSONRenderer, CSVRenderer, XLSXRenderer]

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "xlsx"],
    description=str(_("Formato de la respuesta: json (por omisión), csv o xlsx (la lista completa).")),
)


@extend_schema(
    summary=str(_("Índice de la API de datos abiertos")),
    responses={200: OpenApiTypes.OBJECT},
)
@api_view(["GET"])
@renderer_classes([JSONRenderer])
def root(request):
    return Response(
        {
            "version": "1",
            "licencia": LICENSE,
            "documentacion": reverse("api:docs", request=request),
            "openapi": reverse("api:schema", request=request),
            "recursos": {
                "practicas": reverse("api:practice-list", request=request),
                "distinciones": reverse("api:distinction-list", request=request),
                "convocatorias": reverse("api:call-list", request=request),
                "comunas": reverse("api:comuna-list", request=request),
                "eventos": reverse("api:event-list", request=request),
                "calidad": reverse("api:quality-statistics", request=request),
            },
        }
    )


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    renderer_classes = RENDERERS
    lookup_value_converter = "int"

    def flatten(self, row: dict) -> dict:
        return row


@extend_schema_view(
    list=extend_schema(summary=str(_("Buenas prácticas publicadas")), parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(summary=str(_("Una buena práctica con todos los campos de la ficha"))),
)
class PracticeViewSet(OpenDataViewSet):
    """The public library: the same practices and the same filters as /biblioteca/."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = GoodPracticeFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator needs the model only
            return GoodPracticePage.objects.none()
        queryset = library_practices()
        if self._detailed():
            queryset = queryset.select_related(
                "competition_decision__submission__call", "competition_decision__submission__category"
            ).prefetch_related(
                "themes", "ods", "indicators", "attachments__document", "external_recognitions"
            )
        return queryset

    def get_serializer_class(self):
        return (
            serializers.PracticeDetailSerializer if self._detailed() else serializers.PracticeListSerializer
        )

    def _detailed(self) -> bool:
        """The detail, and the spreadsheet downloads of the list, carry every field of the case."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action == "retrieve" or (renderer is not None and renderer.format in {"csv", "xlsx"})

    flatten = staticmethod(serializers.flatten_practice)


@extend_schema_view(
    list=extend_schema(summary=str(_("Distinciones de calidad publicadas")), parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(summary=str(_("Una distinción"))),
)
class DistinctionViewSet(OpenDataViewSet):
    serializer_class = serializers.DistinctionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DistinctionPage.objects.none()
        return distinctions().prefetch_related("improvement_projects")

    def flatten(self, row: dict) -> dict:
        return serializers.flatten_practice(row)


@extend_schema_view(
    list=extend_schema(summary=str(_("Comunas de Chile con su código CUT")), parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(summary=str(_("Una comuna por su código CUT"))),
)
class ComunaViewSet(OpenDataViewSet):
    serializer_class = serializers.ComunaSerializer
    lookup_field = "code"
    lookup_url_kwarg = "codigo"
    lookup_value_converter = "str"
    pagination_class = None
    queryset = Comuna.objects.select_related("region").order_by("code")

    def flatten(self, row: dict) -> dict:
        return row


def call_data(call: Call) -> dict:
    groups = []
    for category, rows in published_results(call).items():
        groups.append(
            {
                "categoria": str(category),
                "postulaciones": [
                    {
                        "codigo": submission.code,
                        "titulo": submission.title,
                        "municipalidad": submission.municipality.name,
                        "comuna_codigo": submission.municipality.comuna.code,
                        "decision": decision.get_outcome_display(),
                        "lugar": rank,
                    }
                    for submission, decision, rank in rows
                ],
            }
        )
    return {
        "slug": call.slug,
        "titulo": call.title,
        "anio": call.year,
        "descripcion": call.description,
        "categorias": [category.name for category in call.categories.all()],
        "apertura": call.submissions_open_at,
        "cierre": call.close_at,
        "resultados_publicados": call.results_published_at,
        "resultados": groups,
    }


@extend_schema_view(
    list=extend_schema(
        summary=str(_("Convocatorias del concurso y sus resultados publicados")),
        parameters=[FORMAT_PARAMETER],
    ),
    retrieve=extend_schema(
        summary=str(_("Una convocatoria con sus resultados, si ya se publicaron")),
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
    ),
)
class CallViewSet(viewsets.ViewSet):
    """Calls of the competition; results appear only after staff publish them."""

    renderer_classes = RENDERERS
    serializer_class = serializers.CallSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def _calls(self):
        return with_close_at(Call.objects.prefetch_related("categories")).order_by(
            "-year", "-submissions_open_at"
        )

    def list(self, request):
        data = serializers.CallSerializer([call_data(call) for call in self._calls()], many=True).data
        return Response(data)

    def retrieve(self, request, slug=None):
        call = self._calls().filter(slug=slug).first()
        if call is None:
            raise Http404
        return Response(serializers.CallSerializer(call_data(call)).data)

    def flatten(self, row: dict) -> dict:
        flat = {key: value for key, value in row.items() if key != "resultados"}
        flat["categorias"] = ", ".join(row["categorias"])
        flat["ganadoras"] = "; ".join(
            f"{entry['titulo']} ({entry['municipalidad']}, {entry['decision']})"
            for group in row["resultados"]
            for entry in group["postulaciones"]
        )
        return flat


@extend_schema_view(
    list=extend_schema(summary=str(_("Seminarios y talleres publicados")), parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(
        summary=str(_("Un seminario o taller")),
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
    ),
)
class EventViewSet(OpenDataViewSet):
    serializer_class = serializers.EventSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return public_events()


def quality_rows() -> list[dict]:
    """National and regional aggregates of the quality diagnostic, one row per ámbito and scope;
    a group of fewer than five municipalities keeps its count but hides its figures."""
    data = benchmarks()
    regions = {region.pk: region for region in Region.objects.filter(pk__in=list(data.by_region))}
    scopes = [("nacional", None, data.national)]
    scopes += [
        ("region", regions[pk], groups)
        for pk, groups in sorted(
            data.by_region.items(), key=lambda item: (regions[item[0]].order, regions[item[0]].code)
        )
    ]
    rows = []
    for scope, region, groups in scopes:
        for code, number, name in data.areas:
            group = groups.get(code)
            shown = group is not None and group.shown
            rows.append(
                {
                    "alcance": scope,
                    "region_codigo": region.code if region else None,
                    "region": region.name if region else None,
                    "ambito_codigo": code,
                    "ambito_numero": number,
                    "ambito": name,
                    "municipios": group.count if group else 0,
                    "cuartil_1": group.q1 if shown else None,
                    "mediana": group.median if shown else None,
                    "cuartil_3": group.q3 if shown else None,
                }
            )
    return rows


@extend_schema(
    summary=str(_("Diagnóstico de calidad: agregados nacionales y regionales por ámbito")),
    parameters=[FORMAT_PARAMETER],
    responses=serializers.QualityAggregateSerializer(many=True),
)
@api_view(["GET"])
@renderer_classes(RENDERERS)
def quality_statistics(request):
    return Response(serializers.QualityAggregateSerializer(quality_rows(), many=True).data)
