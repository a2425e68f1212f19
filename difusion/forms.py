from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registration


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "email", "organisation"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {"email": _("Le enviaremos la confirmación y un recordatorio el día anterior.")}

    def validate_unique(self):
        # Duplicates are checked by the service with the event row locked.
        pass


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(r.pk, f"{r.name} <{r.email}>") for r in registrations]
        self.fields["attended"].initial = [r.pk for r in registrations if r.attended]
