"""Content page types of the public portal (cases, distinctions, news, program pages). Page-tree rules
are declared on every type; the listing pages that use selectors are in indexes.py."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal import replication_block
from portal.recognitions import CompetitionResult, for_page
from search import services as search_services

from .blocks import BodyBlock
from .precomputed import PrecomputedRelated

RELATED_LIMIT = 4  # related practices shown on a case page

# The renditions of a practice card (templates/includes/practice_card.html: the same sizes and formats
# as its {% picture %} tag), prefetched so a listing costs the same for 1 or 50 cards.
CARD_RENDITIONS = Filter.expand_spec("fill-{960x540,640x360,400x225}|format-{webp,jpeg}")
RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class DistinctionLevel(models.TextChoices):
    GOLD = "oro", _("Oro")
    SILVER = "plata", _("Plata")
    BRONZE = "bronce", _("Bronce")
    MENTION = "mencion", _("Mención")


class BasePage(Page):
    """Common SEO / OpenGraph fields; not a page type of its own."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imagen para redes sociales"),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]
    og_type = "website"

    class Meta:
        abstract = True

    def get_og_image(self):
        return self.og_image or getattr(self, "main_image", None) or getattr(self, "image", None)

    def get_og_description(self) -> str:
        return self.search_description or getattr(self, "summary", "") or getattr(self, "intro", "") or ""


class GoodPracticeQuerySet(PageQuerySet):
    def cards(self):
        """What a practice card shows, loaded for the whole list at once (same queries for 1 or 50)."""
        images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
        return (
            self.select_related(
                "municipality__comuna__region",
                "category",
                "distinction",
                "competition_decision__submission__call",
                "competition_decision__submission__category",
            )
            .prefetch_related(Prefetch("main_image", queryset=images), "external_recognitions")
            .order_by("-year", "-first_published_at", "-pk")
        )


class GoodPracticePage(BasePage):
    objects = PageManager.from_queryset(GoodPracticeQuerySet)()

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("municipalidad"),
    )
    category = models.ForeignKey(
        "core.Category", on_delete=models.PROTECT, related_name="practices", verbose_name=_("categoría")
    )
    themes = ParentalManyToManyField(
        "core.Theme", blank=True, related_name="practices", verbose_name=_("temas")
    )
    ods = ParentalManyToManyField(
        "core.SustainableDevelopmentGoal", blank=True, related_name="practices", verbose_name=_("ODS")
    )
    year = models.PositiveSmallIntegerField(
        _("año de inicio"), help_text=_("Año en que comenzó la implementación.")
    )
    implementation_period = models.CharField(
        _("período de implementación"),
        max_length=100,
        blank=True,
        help_text=_("Por ejemplo: 2021–2023, en curso."),
    )
    summary = models.TextField(_("resumen"), max_length=800)
    previous_situation = RichTextField(_("situación previa"), features=RICH_FEATURES)
    objectives = RichTextField(_("objetivos"), features=RICH_FEATURES)
    description = RichTextField(_("descripción"), features=RICH_FEATURES, help_text=_("Qué se hizo y cómo."))
    results = RichTextField(_("resultados"), features=RICH_FEATURES)
    citizen_participation = RichTextField(_("participación ciudadana"), blank=True, features=RICH_FEATURES)
    sustainability = RichTextField(_("sostenibilidad"), blank=True, features=RICH_FEATURES)
    replicability = RichTextField(_("replicabilidad y transferencia"), blank=True, features=RICH_FEATURES)
    lessons_learned = RichTextField(_("lecciones aprendidas"), blank=True, features=RICH_FEATURES)
    partners = models.TextField(_("socios y colaboradores"), blank=True)
    budget_clp = models.PositiveBigIntegerField(_("presupuesto (CLP)"), null=True, blank=True)
    distinction = models.ForeignKey(
        "portal.DistinctionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("distinción asociada"),
    )
    # Recognition is structured (issue 15, portal/recognitions.py): the call's result itself for calls run
    # on this platform (set by portal/library_drafts.py, by the import or by an editor), ExternalRecognition
    # rows (external_recognitions) for any other competition. The library points down at the evaluation,
    # never the other way round (the evaluation reaches its pages through the reverse relation only).
    competition_decision = models.ForeignKey(
        "evaluacion.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_pages",
        verbose_name=_("resultado en una convocatoria de la plataforma"),
        limit_choices_to={"outcome__in": ["ganadora", "mencion", "finalista"]},
        help_text=_(
            "La decisión publicada de una convocatoria de este portal (se muestra con su enlace a los "
            "resultados). Para otros concursos, use «Reconocimientos externos»."
        ),
    )
    source = models.CharField(
        _("fuente"), max_length=200, blank=True, help_text=_("Por ejemplo: postulación del municipio.")
    )
    external_id = models.CharField(
        _("identificador externo"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Clave estable para importaciones; no se muestra al público."),
    )
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imagen principal"),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("category"),
                FieldPanel("themes"),
                FieldPanel("ods"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("implementation_period")]),
                FieldPanel("budget_clp"),
            ],
            heading=_("Ficha"),
        ),
        FieldPanel("summary"),
        FieldPanel("main_image"),
        FieldPanel("previous_situation"),
        FieldPanel("objectives"),
        FieldPanel("description"),
        FieldPanel("results"),
        InlinePanel("indicators", label=_("indicadores de resultado")),
        FieldPanel("citizen_participation"),
        FieldPanel("sustainability"),
        FieldPanel("replicability"),
        FieldPanel("lessons_learned"),
        FieldPanel("partners"),
        InlinePanel("attachments", label=_("documentos adjuntos")),
        InlinePanel("gallery", label=_("imágenes")),
        MultiFieldPanel(
            [FieldPanel("competition_decision"), FieldPanel("distinction"), FieldPanel("source")],
            heading=_("Reconocimiento y fuente"),
        ),
        InlinePanel("external_recognitions", label=_("reconocimientos externos (otros concursos o premios)")),
        FieldPanel("external_id"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("results"),
        index.SearchField("objectives"),
        index.SearchField("previous_situation"),
        index.FilterField("year"),
        index.FilterField("category"),
        index.FilterField("municipality"),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]

    parent_page_types = ["portal.LibraryIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = _("buena práctica")
        verbose_name_plural = _("buenas prácticas")
        # The library's and the home page's "newest first" order, and the related-practices fallback.
        indexes = [
            models.Index(fields=["-year", "page_ptr"], name="practice_newest_idx"),
            models.Index(fields=["category", "-year"], name="practice_category_year_idx"),
        ]

    @cached_property
    def region(self):
        return self.municipality.comuna.region

    @cached_property
    def recognitions(self):
        """Structured recognitions (portal.recognitions.Recognition), the published call result first."""
        return for_page(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Stored when the page is indexed after publication (portal.precomputed), not searched here.
        context["related_practices"] = self.stored_related_practices()
        context.update(replication_block.case_page_context(request, self))
        return context

    def stored_related_practices(self) -> list[GoodPracticePage]:
        """The related practices stored by portal.precomputed, as cards (live ones only), in their
        order: two queries. A practice whose list was never computed (indexing pending) shows the
        newest of its category."""
        cards = GoodPracticePage.objects.live().public().cards()
        ids = PrecomputedRelated.objects.filter(pk=self.pk).values_list("related_ids", flat=True).first()
        if ids is None:
            return list(cards.filter(category_id=self.category_id).exclude(pk=self.pk)[:RELATED_LIMIT])
        if not ids:
            return []
        by_id = {page.pk: page for page in cards.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def related_practices(self, *, limit: int = 4) -> list[GoodPracticePage]:
        """Related practices through the search index, best first (only live public ones: the index
        may lag behind); the same category when the index cannot tell."""
        cards = GoodPracticePage.objects.live().public().cards()
        ids = search_services.related_page_ids(self.pk, limit=limit)
        if ids:
            by_id = {page.pk: page for page in cards.filter(pk__in=ids)}
            related = [by_id[page_id] for page_id in ids if page_id in by_id]
            if related:
                return related
        return list(cards.filter(category_id=self.category_id).exclude(pk=self.pk)[:limit])


class ExternalRecognition(Orderable):
    """A recognition from outside this platform (another competition or award), as data, not free text."""

    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="external_recognitions")
    competition = models.CharField(
        _("concurso o premio"),
        max_length=200,
        help_text=_("Por ejemplo: Premio Iberoamericano de Buenas Prácticas UIM."),
    )
    year = models.PositiveSmallIntegerField(
        _("año"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    level = models.CharField(
        _("nivel de la distinción"),
        max_length=20,
        choices=CompetitionResult.choices,
        blank=True,
        help_text=_("Vacío si el reconocimiento no distingue niveles."),
    )
    url = models.URLField(_("enlace a los resultados"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("competition"), FieldPanel("year"), FieldPanel("level")]),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reconocimiento externo")
        verbose_name_plural = _("reconocimientos externos")

    def __str__(self):
        return f"{self.competition} {self.year}"


class ResultIndicator(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicador"), max_length=200)
    baseline = models.CharField(_("línea base"), max_length=100, blank=True)
    value = models.CharField(_("resultado"), max_length=100)
    unit = models.CharField(_("unidad"), max_length=50, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("baseline"), FieldPanel("value"), FieldPanel("unit")])
    ]


class PracticeAttachment(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("documento")
    )
    title = models.CharField(_("título"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class PracticeImage(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="gallery")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("imagen")
    )
    caption = models.CharField(_("leyenda"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class DistinctionPage(BasePage):
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="distinctions",
        verbose_name=_("municipalidad"),
    )
    awarding_body = models.CharField(
        _("entidad que otorga"), max_length=200, help_text=_("Por ejemplo: UIM.")
    )
    distinction_name = models.CharField(_("nombre de la distinción"), max_length=200)
    level = models.CharField(_("nivel"), max_length=10, choices=DistinctionLevel.choices)
    management_model = models.CharField(_("modelo de gestión evaluado"), max_length=250, blank=True)
    award_date = models.DateField(_("fecha de entrega"))
    event = models.CharField(_("evento"), max_length=250, blank=True)
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    summary = models.TextField(_("resumen"), max_length=800)
    body = RichTextField(_("detalle"), blank=True, features=RICH_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("awarding_body"), FieldPanel("level")]),
        FieldPanel("distinction_name"),
        FieldPanel("management_model"),
        FieldRowPanel([FieldPanel("award_date"), FieldPanel("event"), FieldPanel("place")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("improvement_projects", label=_("proyectos de mejora")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("distinction_name"),
        index.SearchField("body"),
        index.FilterField("level"),
    ]
    parent_page_types = ["portal.DistinctionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("distinción")
        verbose_name_plural = _("distinciones")


class ImprovementProject(Orderable):
    page = ParentalKey(DistinctionPage, on_delete=models.CASCADE, related_name="improvement_projects")
    title = models.CharField(_("proyecto"), max_length=250)
    description = models.TextField(_("descripción"), blank=True)
    # Issue 12: the completed line of action of the municipality's improvement plan that this project was.
    action_line = models.ForeignKey(
        "calidad.ActionLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("línea de acción del plan de mejoras"),
        help_text=_(
            "Opcional: la línea terminada del plan de mejoras de la municipalidad que corresponde a este proyecto."
        ),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("action_line")]


class NewsPage(BasePage):
    date = models.DateField(_("fecha"))
    intro = models.TextField(_("bajada"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imagen"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("cuerpo"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = _("noticia")
        verbose_name_plural = _("noticias")


class StandardPage(BasePage):
    """Program pages and other institutional content."""

    intro = models.TextField(_("bajada"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("cuerpo"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("página de programa")
        verbose_name_plural = _("páginas de programa")
