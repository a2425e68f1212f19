import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import Category, Comuna, DistinctionLevel, GoodPracticePage, Region


class GoodPracticeFilter(django_filters.FilterSet):
    categoria = django_filters.ModelChoiceFilter(
        field_name="category", queryset=Category.objects.all(), label=_("Categoría"), to_field_name="slug",
        empty_label=_("Todas"),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="municipality__comuna__region", queryset=Region.objects.all(), label=_("Región"),
        to_field_name="code", empty_label=_("Todas"),
    )
    comuna = django_filters.ModelChoiceFilter(
        field_name="municipality__comuna", queryset=Comuna.objects.select_related("region"), label=_("Comuna"),
        to_field_name="code", empty_label=_("Todas"),
    )
    anio = django_filters.NumberFilter(field_name="year", label=_("Año"))
    distincion = django_filters.ChoiceFilter(
        field_name="municipality__distinctions__level", choices=DistinctionLevel.choices, label=_("Distinción del municipio"),
        distinct=True, empty_label=_("Cualquiera"),
    )

    class Meta:
        model = GoodPracticePage
        fields = []
