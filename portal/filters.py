"""Filters of the public library. Parameter names are Spanish because they show in shared URLs."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Category, Comuna, Region
from portal.models.pages import DistinctionLevel, DistinctionPage, GoodPracticePage
from portal.precomputed import filter_options
from portal.recognitions import CompetitionResult, practices_with_level
from transferencia import selectors as transfer_selectors

# The option lists are computed once per content change (portal.precomputed), not per request.


def _years():
    return [(str(year), str(year)) for year in filter_options()["years"]]


def _categories(request):
    # Only categories with published practices: an option that always yields nothing is noise
    # (the competition may define categories of its own before any practice is published in them).
    return Category.objects.filter(pk__in=filter_options()["category_ids"]).order_by("order", "name")


def _comunas(request):
    # Only comunas with published practices: a 346-option list would bury the useful ones.
    return (
        Comuna.objects.filter(pk__in=filter_options()["comuna_ids"]).select_related("region").order_by("name")
    )


class ComunaSelect(forms.Select):
    """Each option carries its region code so portal.js can narrow the list to the chosen region."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-region"] = instance.region.code
        return option


class GoodPracticeFilter(django_filters.FilterSet):
    categoria = django_filters.ModelChoiceFilter(
        field_name="category",
        queryset=_categories,
        label=_("Categoría"),
        to_field_name="slug",
        empty_label=_("Todas"),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="municipality__comuna__region",
        queryset=Region.objects.all(),
        label=_("Región"),
        to_field_name="code",
        empty_label=_("Todas"),
    )
    comuna = django_filters.ModelChoiceFilter(
        field_name="municipality__comuna",
        queryset=_comunas,
        label=_("Comuna"),
        to_field_name="code",
        empty_label=_("Todas"),
        widget=ComunaSelect,
    )
    anio = django_filters.ChoiceFilter(
        field_name="year",
        choices=_years,
        label=_("Año de inicio"),
        empty_label=_("Todos"),
    )
    distincion = django_filters.ChoiceFilter(
        choices=DistinctionLevel.choices,
        method="filter_distinction",
        label=_("Distinción del municipio"),
        empty_label=_("Cualquiera"),
        help_text=_("Prácticas de municipalidades con una distinción publicada de este nivel."),
    )

    reconocimiento = django_filters.ChoiceFilter(
        choices=CompetitionResult.choices,
        method="filter_recognition",
        label=_("Reconocimiento de la práctica"),
        empty_label=_("Cualquiera"),
        help_text=_("Resultado publicado de una convocatoria de este portal o distinción de otro concurso."),
    )

    replicada = django_filters.BooleanFilter(
        method="filter_replicated",
        label=_("Replicada en otros municipios"),
        widget=forms.Select(
            choices=[("", _("Indistinto")), ("true", _("Sí, replicada")), ("false", _("Aún no"))]
        ),
        help_text=_(
            "Solo cuentan las replicaciones implementadas que ambos municipios autorizaron publicar."
        ),
    )

    class Meta:
        model = GoodPracticePage
        fields = []

    def filter_replicated(self, queryset, name, value):
        if value is None:
            return queryset
        ids = transfer_selectors.replicated_practice_ids()
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)

    def filter_recognition(self, queryset, name, value):
        # Only structured recognitions count (portal.recognitions), never free text.
        return queryset.filter(
            pk__in=GoodPracticePage.objects.filter(practices_with_level(value)).values("pk")
        )

    def filter_distinction(self, queryset, name, value):
        # Only published distinctions count: a draft or unpublished one is not public yet.
        awarded = DistinctionPage.objects.live().public().filter(level=value).values("municipality_id")
        return queryset.filter(municipality_id__in=awarded)
