"""Filters of the staff list of entries (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concurso.models import Call, Submission, SubmissionStatus
from core.models import Category, Region


class SubmissionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Buscar"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Código, título, comuna…")}),
    )
    call = django_filters.ModelChoiceFilter(
        queryset=Call.objects.all(), label=_("Convocatoria"), empty_label=_("Todas")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("Categoría"), empty_label=_("Todas")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="municipality__comuna__region",
        queryset=Region.objects.all(),
        label=_("Región"),
        empty_label=_("Todas"),
    )
    status = django_filters.ChoiceFilter(
        choices=SubmissionStatus.choices, label=_("Estado"), empty_label=_("Todos")
    )

    class Meta:
        model = Submission
        fields = ["q", "call", "category", "region", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__iexact=value)
            | Q(title__icontains=value)
            | Q(municipality__name__icontains=value)
            | Q(municipality__comuna__name__icontains=value)
            | Q(contact_name__icontains=value)
        )
