"""What the open data API publishes. Field names are Spanish, like the library's URLs."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from core.models import Comuna
from portal.models import DistinctionPage, GoodPracticePage
from portal.services.richtext import richtext_to_text
from transferencia.selectors import public_replication_counts


@extend_schema_field({"type": "string", "format": "html"})
class RichTextHTMLField(serializers.Field):
    """A Wagtail rich-text value as public HTML (internal links and embeds expanded)."""

    def to_representation(self, value):
        return expand_db_html(value or "")


class ComunaSerializer(serializers.ModelSerializer):
    codigo = serializers.CharField(source="code", help_text=_("Código Único Territorial (CUT)."))
    nombre = serializers.CharField(source="name")
    region_codigo = serializers.CharField(source="region.code")
    region_nombre = serializers.CharField(source="region.name")

    class Meta:
        model = Comuna
        fields = ["codigo", "nombre", "region_codigo", "region_nombre"]


class MunicipalityRefSerializer(serializers.Serializer):
    nombre = serializers.CharField(source="name")
    comuna = serializers.CharField(source="comuna.name")
    comuna_codigo = serializers.CharField(source="comuna.code")
    region = serializers.CharField(source="comuna.region.name")
    region_codigo = serializers.CharField(source="comuna.region.code")


class IndicatorSerializer(serializers.Serializer):
    indicador = serializers.CharField(source="name")
    linea_base = serializers.CharField(source="baseline")
    resultado = serializers.CharField(source="value")
    unidad = serializers.CharField(source="unit")


class DistinctionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nombre = serializers.CharField(source="distinction_name")
    nivel = serializers.CharField(source="level")
    entidad = serializers.CharField(source="awarding_body")


class PracticeListSerializer(serializers.ModelSerializer):
    titulo = serializers.CharField(source="title")
    url = serializers.SerializerMethodField()
    municipalidad = MunicipalityRefSerializer(source="municipality")
    categoria = serializers.CharField(source="category.name")
    anio = serializers.IntegerField(source="year")
    resumen = serializers.CharField(source="summary")
    publicada = serializers.DateTimeField(source="first_published_at")
    replicaciones = serializers.SerializerMethodField(
        help_text="Municipios que replicaron la práctica (implementada y con autorización de ambos para publicarla)."
    )

    class Meta:
        model = GoodPracticePage
        fields = [
            "id",
            "titulo",
            "url",
            "municipalidad",
            "categoria",
            "anio",
            "resumen",
            "publicada",
            "replicaciones",
        ]

    def get_replicaciones(self, page) -> int:
        # One query per response: the counts of every practice of the page (or of the one practice).
        counts = self.context.get("_replication_counts")
        if counts is None:
            instances = getattr(self.parent, "instance", None) if self.parent is not None else None
            ids = [item.pk for item in instances] if instances is not None else [page.pk]
            counts = public_replication_counts(ids)
            self.context["_replication_counts"] = counts
        return counts.get(page.pk, 0)

    @extend_schema_field(serializers.URLField())
    def get_url(self, page) -> str:
        request = self.context.get("request")
        url = page.get_url(request=request)
        return request.build_absolute_uri(url) if request is not None and url else url or ""


class PracticeDetailSerializer(PracticeListSerializer):
    """Every field of the case format (seed 001)."""

    temas = serializers.SlugRelatedField(source="themes", many=True, read_only=True, slug_field="name")
    ods = serializers.SerializerMethodField()
    periodo_implementacion = serializers.CharField(source="implementation_period")
    situacion_previa = RichTextHTMLField(source="previous_situation")
    objetivos = RichTextHTMLField(source="objectives")
    descripcion = RichTextHTMLField(source="description")
    resultados = RichTextHTMLField(source="results")
    indicadores = IndicatorSerializer(source="indicators", many=True)
    participacion_ciudadana = RichTextHTMLField(source="citizen_participation")
    sostenibilidad = RichTextHTMLField(source="sustainability")
    replicabilidad = RichTextHTMLField(source="replicability")
    lecciones_aprendidas = RichTextHTMLField(source="lessons_learned")
    socios = serializers.CharField(source="partners")
    presupuesto_clp = serializers.IntegerField(source="budget_clp", allow_null=True)
    concurso = serializers.SerializerMethodField(
        help_text="Concurso del primer reconocimiento (ver «reconocimientos»)."
    )
    resultado_concurso = serializers.SerializerMethodField(help_text="ganadora, mencion, finalista o vacío.")
    reconocimientos = serializers.SerializerMethodField(
        help_text="Reconocimientos estructurados: resultados publicados de convocatorias del portal y de otros concursos."
    )
    distincion = DistinctionRefSerializer(source="distinction", allow_null=True)
    fuente = serializers.CharField(source="source")
    documentos = serializers.SerializerMethodField()

    class Meta(PracticeListSerializer.Meta):
        fields = [
            *PracticeListSerializer.Meta.fields,
            "temas",
            "ods",
            "periodo_implementacion",
            "situacion_previa",
            "objetivos",
            "descripcion",
            "resultados",
            "indicadores",
            "participacion_ciudadana",
            "sostenibilidad",
            "replicabilidad",
            "lecciones_aprendidas",
            "socios",
            "presupuesto_clp",
            "concurso",
            "resultado_concurso",
            "reconocimientos",
            "distincion",
            "fuente",
            "documentos",
        ]

    def get_concurso(self, page) -> str:
        return page.recognitions[0].competition if page.recognitions else ""

    def get_resultado_concurso(self, page) -> str:
        return page.recognitions[0].level if page.recognitions else ""

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_reconocimientos(self, page) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "concurso": item.competition,
                "anio": item.year,
                "resultado": item.level,
                "en_el_portal": item.on_platform,
                "postulacion": item.entry_code,
                "categoria": item.category,
                "url": request.build_absolute_uri(item.url)
                if request is not None and item.url.startswith("/")
                else item.url,
            }
            for item in page.recognitions
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_ods(self, page) -> list[int]:
        return [goal.number for goal in page.ods.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_documentos(self, page) -> list[dict]:
        request = self.context.get("request")
        items = []
        for attachment in page.attachments.all():
            url = attachment.document.url
            items.append(
                {
                    "titulo": attachment.title or attachment.document.title,
                    "url": request.build_absolute_uri(url) if request is not None else url,
                }
            )
        return items


class DistinctionSerializer(serializers.ModelSerializer):
    titulo = serializers.CharField(source="title")
    url = serializers.SerializerMethodField()
    municipalidad = MunicipalityRefSerializer(source="municipality")
    entidad = serializers.CharField(source="awarding_body")
    nombre = serializers.CharField(source="distinction_name")
    nivel = serializers.CharField(source="level")
    modelo_de_gestion = serializers.CharField(source="management_model")
    fecha = serializers.DateField(source="award_date")
    evento = serializers.CharField(source="event")
    lugar = serializers.CharField(source="place")
    resumen = serializers.CharField(source="summary")
    proyectos_de_mejora = serializers.SlugRelatedField(
        source="improvement_projects", many=True, read_only=True, slug_field="title"
    )

    class Meta:
        model = DistinctionPage
        fields = [
            "id",
            "titulo",
            "url",
            "municipalidad",
            "entidad",
            "nombre",
            "nivel",
            "modelo_de_gestion",
            "fecha",
            "evento",
            "lugar",
            "resumen",
            "proyectos_de_mejora",
        ]

    get_url = PracticeListSerializer.get_url


class ResultEntrySerializer(serializers.Serializer):
    codigo = serializers.CharField()
    titulo = serializers.CharField()
    municipalidad = serializers.CharField()
    comuna_codigo = serializers.CharField()
    decision = serializers.CharField()
    lugar = serializers.IntegerField(allow_null=True)


class ResultCategorySerializer(serializers.Serializer):
    categoria = serializers.CharField()
    postulaciones = ResultEntrySerializer(many=True)


class CallSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    titulo = serializers.CharField()
    anio = serializers.IntegerField()
    descripcion = serializers.CharField()
    categorias = serializers.ListField(child=serializers.CharField())
    apertura = serializers.DateTimeField()
    cierre = serializers.DateTimeField()
    resultados_publicados = serializers.DateTimeField(allow_null=True)
    resultados = ResultCategorySerializer(many=True)


def flatten_practice(row: dict) -> dict:
    """One spreadsheet row per practice: nested values joined, rich text as plain text."""
    flat = {}
    for key, value in row.items():
        if key == "municipalidad":
            flat.update({f"municipalidad_{k}": v for k, v in value.items()})
        elif key == "indicadores":
            flat[key] = "; ".join(
                f"{item['indicador']}: {item['resultado']} {item['unidad']}".strip() for item in value
            )
        elif key == "documentos":
            flat[key] = " ".join(item["url"] for item in value)
        elif key == "distincion":
            flat[key] = value["nombre"] if value else ""
        elif key == "reconocimientos":
            flat[key] = "; ".join(
                " · ".join(str(part) for part in (item["concurso"], item["anio"], item["resultado"]) if part)
                for item in value
            )
        elif isinstance(value, list):
            flat[key] = ", ".join(str(item) for item in value)
        elif key in RICH_TEXT_KEYS:
            flat[key] = richtext_to_text(value or "")
        else:
            flat[key] = "" if value is None else value
    return flat


RICH_TEXT_KEYS = {
    "situacion_previa",
    "objetivos",
    "descripcion",
    "resultados",
    "participacion_ciudadana",
    "sostenibilidad",
    "replicabilidad",
    "lecciones_aprendidas",
}


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    titulo = serializers.CharField(source="title")
    tipo = serializers.CharField(source="kind")
    resumen = serializers.CharField(source="summary")
    inicio = serializers.DateTimeField(source="starts_at")
    termino = serializers.DateTimeField(source="ends_at")
    lugar = serializers.CharField(source="venue")
    direccion = serializers.CharField(source="address")
    ciudad = serializers.CharField(source="city")
    en_linea = serializers.BooleanField(
        source="online_url", help_text=_("Si el evento se transmite en línea.")
    )
    cupos = serializers.IntegerField(source="capacity")
    inscritos = serializers.IntegerField(source="confirmed_count")
    inscripcion_abierta = serializers.BooleanField(source="registration_open")
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, event) -> str:
        request = self.context.get("request")
        url = f"/eventos/{event.slug}/"
        return request.build_absolute_uri(url) if request is not None else url


class QualityAggregateSerializer(serializers.Serializer):
    """One ámbito in one scope (the whole country or a region). Figures are % logro of each
    municipality's latest diagnostic; they are null when fewer than five municipalities contribute."""

    alcance = serializers.ChoiceField(choices=["nacional", "region"])
    region_codigo = serializers.CharField(allow_null=True)
    region = serializers.CharField(allow_null=True)
    ambito_codigo = serializers.CharField()
    ambito_numero = serializers.IntegerField()
    ambito = serializers.CharField()
    municipios = serializers.IntegerField()
    cuartil_1 = serializers.FloatField(allow_null=True)
    mediana = serializers.FloatField(allow_null=True)
    cuartil_3 = serializers.FloatField(allow_null=True)
