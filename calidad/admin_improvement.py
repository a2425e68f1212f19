"""Wagtail admin (Fragmentos) of the improvement road: staff manage the catalogue of improvement
methodologies per subcriterio and look at committees. Loaded from calidad.wagtail_hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from calidad.models import Methodology


class MethodologyViewSet(SnippetViewSet):
    model = Methodology
    icon = "list-ul"
    menu_label = _("Metodologías de mejora")
    add_to_admin_menu = False
    list_display = ["name", "area_code", "is_active"]
    list_filter = ["area_code", "is_active"]
    search_fields = ["name", "description"]
    panels = [FieldPanel("area_code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("is_active")]


register_snippet(MethodologyViewSet)
