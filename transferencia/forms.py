from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region
from transferencia.models import ReplicationStatus, StageKind


class RequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("¿Por qué quieren replicar esta práctica?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "El problema que buscan resolver en su comuna y qué necesitarían de la municipalidad de origen."
        ),
    )


class AnswerForm(forms.Form):
    ACCEPT, DECLINE = "aceptar", "declinar"
    decision = forms.ChoiceField(
        label=_("Respuesta"),
        widget=forms.RadioSelect,
        choices=[(ACCEPT, _("Aceptamos acompañar la replicación")), (DECLINE, _("No podemos por ahora"))],
    )
    contact_name = forms.CharField(label=_("Persona de contacto"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Correo del contacto"), required=False)
    contact_phone = forms.CharField(label=_("Teléfono del contacto"), max_length=40, required=False)
    decline_reason = forms.CharField(
        label=_("Motivo (si declinan)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.ACCEPT:
            if not data.get("contact_name"):
                self.add_error("contact_name", _("Indique quién será el contacto."))
            if not data.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Indique el correo del contacto."))
        elif data.get("decision") == self.DECLINE and not (data.get("decline_reason") or "").strip():
            self.add_error("decline_reason", _("Indique el motivo: ayuda a la otra municipalidad."))
        return data


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Etapa"), choices=StageKind.choices)
    date = forms.DateField(
        label=_("Fecha"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    notes = forms.CharField(
        label=_("Notas"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("Autorizamos mostrar públicamente esta replicación en la ficha de la práctica y en el mapa"),
        required=False,
    )


class StaffFilterForm(forms.Form):
    estado = forms.ChoiceField(
        label=_("Estado"), required=False, choices=[("", _("Todos")), *ReplicationStatus.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Región"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Todas"),
    )
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
