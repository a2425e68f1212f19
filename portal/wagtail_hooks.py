"""Wagtail admin registrations: the shared vocabularies as snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Category, SustainableDevelopmentGoal, Theme


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categorías")
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Temas")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SustainableDevelopmentGoalViewSet(SnippetViewSet):
    """The 17 ODS are reference data from a migration: editors may look, not change."""

    model = SustainableDevelopmentGoal
    icon = "globe"
    menu_label = _("ODS")
    list_display = ["number", "name"]
    ordering = ["number"]
    inspect_view_enabled = True


class VocabularyViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, ThemeViewSet, SustainableDevelopmentGoalViewSet)
    menu_icon = "list-ul"
    menu_label = _("Vocabularios")
    menu_name = "vocabularios"


register_snippet(VocabularyViewSetGroup)
