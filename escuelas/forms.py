from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Comuna


class EnrolmentForm(forms.Form):
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    email = forms.EmailField(
        label=_("Correo electrónico"), help_text=_("Le enviaremos la confirmación y los avisos del curso.")
    )
    comuna = forms.ModelChoiceField(
        label=_("Comuna donde vive"),
        queryset=Comuna.objects.select_related("region").order_by("name"),
        empty_label=_("Elija su comuna"),
    )


class ProgressForm(forms.Form):
    """One row of the staff attendance sheet."""

    sessions_attended = forms.IntegerField(label=_("Sesiones asistidas"), min_value=0, max_value=99)
    completed = forms.BooleanField(label=_("Aprobó"), required=False)


ProgressFormSet = forms.formset_factory(ProgressForm, extra=0)
