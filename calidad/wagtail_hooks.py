"""Instruments in the Wagtail admin: editable until their first use, read-only afterwards.

Every form refuses to save anything that belongs to a frozen version (calidad.services.ensure_editable),
and the edit and delete screens of a frozen version send the user back with an explanation; the
way forward is «Crear versión nueva» on /calidad/instrumentos/.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from calidad.models import Dimension, Instrument, ManagementArea, Question
from calidad.services import FROZEN_MESSAGE


def instrument_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Instrument):
        return obj
    return getattr(obj, "instrument", None)


class FrozenGuardForm(WagtailAdminModelForm):
    """Refuses to save an object of a frozen version (or to move one into a frozen version)."""

    def clean(self):
        data = super().clean()
        for candidate in (
            self.instance if self.instance.pk else None,
            data.get("instrument"),
            getattr(data.get("area"), "instrument", None),
            getattr(data.get("dimension"), "instrument", None),
        ):
            instrument = instrument_of(candidate)
            if (
                instrument is not None
                and instrument.pk
                and Instrument.objects.filter(pk=instrument.pk, frozen_at__isnull=False).exists()
            ):
                raise ValidationError(FROZEN_MESSAGE)
        area, dimension = data.get("area"), data.get("dimension")
        instrument = data.get("instrument")
        for related in (area, dimension):
            if related is not None and instrument is not None and related.instrument_id != instrument.pk:
                raise ValidationError(
                    _("El ámbito o criterio elegido pertenece a otra versión del instrumento.")
                )
        return data


class FrozenAwareMixin:
    def dispatch(self, request, *args, **kwargs):
        obj = self.model.objects.filter(pk=kwargs.get("pk")).first()
        instrument = instrument_of(obj)
        if instrument is not None and instrument.is_frozen:
            messages.error(request, FROZEN_MESSAGE)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class GuardedEditView(FrozenAwareMixin, EditView):
    pass


class GuardedDeleteView(FrozenAwareMixin, DeleteView):
    pass


class Guarded(SnippetViewSet):
    edit_view_class = GuardedEditView
    delete_view_class = GuardedDeleteView
    inspect_view_enabled = True


class InstrumentViewSet(Guarded):
    model = Instrument
    icon = "clipboard-list"
    menu_label = _("Instrumentos")
    list_display = ["name", "family", "version", "is_active", "frozen_at"]
    list_filter = ["family", "kind"]
    panels = [
        FieldPanel("kind"),
        FieldPanel("family"),
        FieldPanel("version"),
        FieldPanel("name"),
        FieldPanel("description"),
    ]


class DimensionViewSet(Guarded):
    model = Dimension
    icon = "folder-inverse"
    menu_label = _("Criterios del modelo")
    list_display = ["number", "name", "instrument"]
    list_filter = ["instrument"]
    panels = [FieldPanel("instrument"), FieldPanel("number"), FieldPanel("name"), FieldPanel("description")]


class ManagementAreaViewSet(Guarded):
    model = ManagementArea
    icon = "folder-open-inverse"
    menu_label = _("Ámbitos de gestión")
    list_display = ["number", "name", "code", "instrument"]
    list_filter = ["instrument"]
    panels = [
        FieldPanel("instrument"),
        FieldPanel("dimension"),
        FieldPanel("number"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("definition"),
        FieldPanel("categories"),
        FieldPanel("themes"),
    ]


class QuestionViewSet(Guarded):
    model = Question
    icon = "help"
    menu_label = _("Preguntas")
    list_display = ["number", "text", "kind", "area"]
    list_filter = ["instrument", "kind"]
    search_fields = ["text"]
    panels = [
        FieldPanel("instrument"),
        FieldPanel("area"),
        FieldPanel("number"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("guidance"),
        FieldPanel("unit"),
        InlinePanel("choices", label=_("Alternativas (prácticas)")),
        InlinePanel("thresholds", label=_("Tramos (resultados)")),
    ]


for viewset in (InstrumentViewSet, DimensionViewSet, ManagementAreaViewSet, QuestionViewSet):
    viewset.edit_handler = ObjectList(viewset.panels, base_form_class=FrozenGuardForm)


class QualityViewSetGroup(SnippetViewSetGroup):
    items = (InstrumentViewSet, DimensionViewSet, ManagementAreaViewSet, QuestionViewSet)
    menu_icon = "clipboard-list"
    menu_label = _("Calidad municipal")
    menu_name = "calidad"


register_snippet(QualityViewSetGroup)

# Issue 12: catalogue of improvement methodologies (staff).
from calidad import admin_improvement  # noqa: E402,F401
