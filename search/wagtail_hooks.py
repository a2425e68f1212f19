"""Wagtail admin: editors manage the search synonyms as a snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Sinónimos de búsqueda")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


register_snippet(SynonymGroupViewSet)
