"""Listing pages of the public portal: the home page, the library, the distinctions, the
municipalities and the news. Their lists come from portal/selectors.py (reads), which only know the
content types of pages.py, so models -> selectors -> models never loops."""

from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.models import Municipality
from portal import selectors
from portal.feeds import LatestPracticesFeed
from portal.filters import GoodPracticeFilter

from .pages import RICH_FEATURES, BasePage, NewsPage


class HomePage(BasePage):
    intro = models.TextField(_("presentación"), blank=True)
    hero_title = models.CharField(_("título principal"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("intro"),
        InlinePanel("featured", label=_("prácticas destacadas")),
    ]

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
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_context(self))
        return context


class HomeFeaturedPractice(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    practice = models.ForeignKey(
        "portal.GoodPracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("práctica")
    )

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
        context = super().get_context(request, *args, **kwargs)
        practice_filter = GoodPracticeFilter(
            request.GET or None, queryset=selectors.library_practices(parent=self)
        )
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
        return LatestPracticesFeed(self)(request)


class DistinctionIndexPage(BasePage):
    intro = RichTextField(_("presentación"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.DistinctionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("índice de distinciones")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["distinctions"] = selectors.distinctions(parent=self)
        return context


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
        return self.render(
            request, context_overrides={"municipalities": selectors.municipalities_with_content()}
        )

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        municipality = get_object_or_404(Municipality.objects.select_related("comuna__region"), slug=slug)
        return self.render(
            request,
            context_overrides={
                "municipality": municipality,
                "canonical_url": f"{self.get_full_url(request)}{municipality.slug}/",
                "og_title": municipality.name,
                **selectors.municipality_profile(municipality),
            },
            template="portal/municipality_profile.html",
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for municipality in selectors.municipalities_with_content():
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
