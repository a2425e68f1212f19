"""Wagtail page types of the public portal. Page-tree rules are declared on every type."""

from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class DistinctionLevel(models.TextChoices):
    GOLD = "oro", _("Oro")
    SILVER = "plata", _("Plata")
    BRONZE = "bronce", _("Bronce")
    MENTION = "mencion", _("Mención")


class CompetitionResult(models.TextChoices):
    WINNER = "ganadora", _("Ganadora")
    MENTION = "mencion", _("Mención honrosa")
    FINALIST = "finalista", _("Finalista")


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


class HomePage(BasePage):
    intro = models.TextField(_("presentación"), blank=True)
    hero_title = models.CharField(_("título principal"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("hero_title"), FieldPanel("intro"), InlinePanel("featured", label=_("prácticas destacadas"))]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.LibraryIndexPage",
        "portal.DistinctionIndexPage",
        "portal.MunicipalityIndexPage",
        "portal.NewsIndexPage",
        "portal.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("página de inicio")

    def get_context(self, request, *args, **kwargs):
        from portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_context(self))
        return context


class HomeFeaturedPractice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    practice = models.ForeignKey("portal.GoodPracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("práctica"))

    panels = [FieldPanel("practice")]


class LibraryIndexPage(RoutablePageMixin, BasePage):
    intro = RichTextField(_("presentación"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.GoodPracticePage"]
    max_count = 1
    page_size = 12

    class Meta:
        verbose_name = _("biblioteca de buenas prácticas")

    def get_context(self, request, *args, **kwargs):
        from portal.filters import GoodPracticeFilter
        from portal.selectors import library_practices

        context = super().get_context(request, *args, **kwargs)
        practice_filter = GoodPracticeFilter(request.GET or None, queryset=library_practices(parent=self))
        paginator = Paginator(practice_filter.qs, self.page_size)
        context["filter"] = practice_filter
        context["page_obj"] = paginator.get_page(request.GET.get("pagina"))
        # Pagination links keep the active filters (empty ones dropped to keep URLs short).
        query = request.GET.copy()
        query.pop("pagina", None)
        for key in [key for key, values in query.lists() if not any(values)]:
            query.pop(key)
        context["querystring"] = query.urlencode()
        return context

    @path("rss/", name="feed")
    def feed(self, request):
        from portal.feeds import LatestPracticesFeed

        return LatestPracticesFeed(self)(request)


class GoodPracticePage(BasePage):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="practices", verbose_name=_("municipalidad")
    )
    category = models.ForeignKey(
        "core.Category", on_delete=models.PROTECT, related_name="practices", verbose_name=_("categoría")
    )
    themes = ParentalManyToManyField("core.Theme", blank=True, related_name="practices", verbose_name=_("temas"))
    ods = ParentalManyToManyField(
        "core.SustainableDevelopmentGoal", blank=True, related_name="practices", verbose_name=_("ODS")
    )
    year = models.PositiveSmallIntegerField(_("año de inicio"), help_text=_("Año en que comenzó la implementación."))
    implementation_period = models.CharField(
        _("período de implementación"), max_length=100, blank=True, help_text=_("Por ejemplo: 2021–2023, en curso.")
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
    competition_name = models.CharField(_("concurso"), max_length=200, blank=True)
    competition_result = models.CharField(
        _("resultado en el concurso"), max_length=20, choices=CompetitionResult.choices, blank=True
    )
    distinction = models.ForeignKey(
        "portal.DistinctionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("distinción asociada"),
    )
    # The recognition as the call's result itself (issue 15): set when the page comes from a published
    # decision. competition_name/competition_result stay for practices recognised outside this platform.
    competition_decision = models.ForeignKey(
        "evaluacion.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="practice_pages",
        verbose_name=_("resultado en una convocatoria"),
    )
    source = models.CharField(
        _("fuente"), max_length=200, blank=True, help_text=_("Por ejemplo: postulación del municipio.")
    )
    external_id = models.CharField(
        _("identificador externo"), max_length=100, blank=True, db_index=True,
        help_text=_("Clave estable para importaciones; no se muestra al público."),
    )
    main_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
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
            [
                FieldPanel("competition_decision", read_only=True), FieldPanel("competition_name"),
                FieldPanel("competition_result"), FieldPanel("distinction"), FieldPanel("source"),
            ],
            heading=_("Reconocimiento y fuente"),
        ),
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

    def get_context(self, request, *args, **kwargs):
        from portal.precomputed import related_practices

        context = super().get_context(request, *args, **kwargs)
        context["related_practices"] = related_practices(self)  # stored at publication, not searched here
        from portal.transferencia_links import case_page_context

        context.update(case_page_context(request, self))
        return context


class ResultIndicator(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicador"), max_length=200)
    baseline = models.CharField(_("línea base"), max_length=100, blank=True)
    value = models.CharField(_("resultado"), max_length=100)
    unit = models.CharField(_("unidad"), max_length=50, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("baseline"), FieldPanel("value"), FieldPanel("unit")])]


class PracticeAttachment(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("documento"))
    title = models.CharField(_("título"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class PracticeImage(Orderable):
    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="gallery")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("imagen"))
    caption = models.CharField(_("leyenda"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class DistinctionIndexPage(BasePage):
    intro = RichTextField(_("presentación"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.DistinctionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("índice de distinciones")

    def get_context(self, request, *args, **kwargs):
        from portal.selectors import distinctions

        context = super().get_context(request, *args, **kwargs)
        context["distinctions"] = distinctions(parent=self)
        return context


class DistinctionPage(BasePage):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="distinctions", verbose_name=_("municipalidad")
    )
    awarding_body = models.CharField(_("entidad que otorga"), max_length=200, help_text=_("Por ejemplo: UIM."))
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
        "calidad.ActionLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("línea de acción del plan de mejoras"),
        help_text=_("Opcional: la línea terminada del plan de mejoras de la municipalidad que corresponde a este proyecto."),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("action_line")]


class MunicipalityIndexPage(RoutablePageMixin, BasePage):
    """Lists municipalities with public content and serves one profile per municipality."""

    intro = RichTextField(_("presentación"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("índice de municipalidades")

    @path("")
    def index_route(self, request):
        from portal.selectors import municipalities_with_content

        return self.render(request, context_overrides={"municipalities": municipalities_with_content()})

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        from core.models import Municipality
        from portal.selectors import municipality_profile

        municipality = get_object_or_404(Municipality.objects.select_related("comuna__region"), slug=slug)
        return self.render(
            request,
            context_overrides={
                "municipality": municipality,
                "canonical_url": f"{self.get_full_url(request)}{municipality.slug}/",
                "og_title": municipality.name,
                **municipality_profile(municipality),
            },
            template="portal/municipality_profile.html",
        )

    def get_sitemap_urls(self, request=None):
        from portal.selectors import municipalities_with_content

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for municipality in municipalities_with_content():
            urls.append({"location": f"{base}{municipality.slug}/", "lastmod": self.last_published_at})
        return urls


class NewsIndexPage(BasePage):
    intro = RichTextField(_("presentación"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("índice de noticias")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["page_obj"] = Paginator(news, 10).get_page(request.GET.get("pagina"))
        return context


class NewsPage(BasePage):
    date = models.DateField(_("fecha"))
    intro = models.TextField(_("bajada"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("imagen")
    )
    body = StreamField(BodyBlock(), verbose_name=_("cuerpo"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
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
