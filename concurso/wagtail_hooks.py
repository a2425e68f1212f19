"""Calls are managed by staff in the Wagtail admin (categories are in portal's «Vocabularios» menu)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from concurso.forms import CHILE_TIME, CallAdminFormMixin
from concurso.models import Call


class CallAdminForm(CallAdminFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_time_zone()


def phase_panel(name: str) -> FieldPanel:
    # Wagtail's default picker format drops the seconds: re-saving a call would move a 23:59:59 deadline
    # to 23:59:00. Deadlines are enforced to the second, so they are shown and entered with seconds.
    return FieldPanel(name, widget=AdminDateTimeInput(format="%Y-%m-%d %H:%M:%S"))


class CallViewSet(SnippetViewSet):
    model = Call
    icon = "date"
    menu_label = _("Convocatorias")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "year", "slug", "submissions_open_at", "submissions_close_at"]
    list_filter = ["year"]
    search_fields = ["title", "description"]
    ordering = ["-submissions_open_at"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("year"), FieldPanel("slug"), FieldPanel("code_prefix")]),
                    FieldPanel("description"),
                    FieldPanel("rules_document"),
                    FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Convocatoria"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [phase_panel(name) for name in Call.PHASE_FIELDS],
                        heading=_("Fases (%(tz)s), en orden y sin superponerse") % {"tz": CHILE_TIME},
                    ),
                ],
                heading=_("Fases"),
            ),
            ObjectList(
                [
                    FieldPanel("max_entries_per_municipality"),
                    FieldPanel("min_implementation_months"),
                    FieldPanel("required_attachments"),
                    FieldPanel("reviews_per_entry"),
                    FieldPanel("same_region_conflict"),
                    FieldPanel("committee_sees_identities"),
                    FieldPanel("ranking_basis"),
                ],
                heading=_("Reglas"),
            ),
        ],
        base_form_class=CallAdminForm,
    )


register_snippet(CallViewSet)
