"""Forms of the quality diagnostic (Spanish labels; Chilean number and date formats)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calidad import services
from calidad.models import Instrument, InstrumentKind, Post, QuestionKind

DATE_INPUTS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Fecha de la sesión"),
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Día en que el equipo respondió el diagnóstico."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duración (minutos)"),
        required=False,
        min_value=15,
        max_value=24 * 60,
        help_text=_("Una sesión completa suele durar unas cuatro horas (240 minutos)."),
    )
    meeting_description = forms.CharField(
        label=_("Descripción de la reunión"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cómo se organizó la sesión: lugar, conducción, metodología para llegar a consenso."),
    )
    observations = forms.CharField(
        label=_("Principales observaciones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError(_("La fecha de la sesión no puede ser futura."))
        return value


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=160, required=False)
    post = forms.ChoiceField(label=_("Cargo"), choices=[("", "—")] + list(Post.choices), required=False)
    post_detail = forms.CharField(label=_("Detalle del cargo"), max_length=160, required=False)
    signed_acta = forms.BooleanField(label=_("Firmó el acta"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("post"):
            self.add_error("post", _("Indique el cargo de esta persona."))
        if data.get("post") and not data.get("name"):
            self.add_error("name", _("Escriba el nombre de quien ocupa este cargo."))
        if data.get("post") == Post.OTHER and data.get("name") and not data.get("post_detail"):
            self.add_error("post_detail", _("Para «otro cargo», escriba cuál."))
        return data


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3, max_num=60, validate_max=True)


class AnswersForm(forms.Form):
    """The questions of one ámbito: one consensus answer each plus an optional evidence note."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.rows = []
        for question in questions:
            answer = answers.get(question.pk)
            key = f"q{question.pk}"
            if question.kind == QuestionKind.PRACTICE:
                self.fields[f"{key}_choice"] = forms.TypedChoiceField(
                    label=question.text,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[(c.pk, c.text) for c in question.choices.all()],
                    widget=forms.RadioSelect,
                    initial=answer.choice_id if answer else None,
                )
            else:
                self.fields[f"{key}_value"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=40,
                    initial=_figure(answer.value) if answer and answer.value is not None else "",
                    help_text=question.unit and _("Unidad: %(unit)s") % {"unit": question.unit},
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
                self.fields[f"{key}_unavailable"] = forms.BooleanField(
                    label=_("No se tiene la cifra (0 puntos)"),
                    required=False,
                    initial=bool(answer and answer.value_unavailable),
                )
            self.fields[f"{key}_evidence"] = forms.CharField(
                label=_("Nota de evidencia (opcional)"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.evidence if answer else "",
                help_text=_("Qué documento o registro respalda la respuesta."),
            )
            self.rows.append((question, key))

    def bound_rows(self):
        for question, key in self.rows:
            if question.kind == QuestionKind.PRACTICE:
                yield question, self[f"{key}_choice"], None, self[f"{key}_evidence"]
            else:
                yield question, self[f"{key}_value"], self[f"{key}_unavailable"], self[f"{key}_evidence"]

    def clean(self):
        data = super().clean()
        self.parsed = {}
        for question, key in self.rows:
            evidence = data.get(f"{key}_evidence", "")
            if question.kind == QuestionKind.PRACTICE:
                self.parsed[question.pk] = services.AnswerData(
                    choice_id=data.get(f"{key}_choice"), evidence=evidence
                )
                continue
            unavailable = data.get(f"{key}_unavailable", False)
            value = None
            text = data.get(f"{key}_value", "")
            if text and unavailable:
                self.add_error(f"{key}_value", _("Escriba la cifra o marque que no se tiene, no ambas."))
                continue
            if text:
                try:
                    value = services.parse_figure(text)
                except ValidationError as error:
                    self.add_error(f"{key}_value", error)
                    continue
                if value < 0:
                    self.add_error(f"{key}_value", _("La cifra no puede ser negativa."))
                    continue
            self.parsed[question.pk] = services.AnswerData(
                value=value, unavailable=unavailable, evidence=evidence
            )
        return data


def _figure(value) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


class ActaForm(forms.Form):
    acta = forms.FileField(
        label=_("Acta firmada (PDF)"),
        help_text=_(
            "El acta con participantes, observaciones, duración, resumen de respuestas y firmas. Se revisa que sea un PDF legible."
        ),
    )


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class InstrumentImportForm(forms.Form):
    file = forms.FileField(label=_("Archivo del instrumento (CSV o XLSX)"))


class ExternalResultsForm(forms.Form):
    name = forms.CharField(
        label=_("Fuente"),
        max_length=200,
        initial=_("Diagnóstico nacional de calidad de la gestión municipal"),
    )
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    instrument = forms.ModelChoiceField(
        label=_("Instrumento cuyos ámbitos usa el archivo"),
        queryset=Instrument.objects.filter(kind=InstrumentKind.DIAGNOSTIC),
        empty_label=None,
    )
    url = forms.URLField(label=_("Dirección de la publicación"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Archivo de resultados (CSV o XLSX)"))


class CompareForm(forms.Form):
    other = forms.TypedChoiceField(label=_("Comparar con"), coerce=int)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = choices
