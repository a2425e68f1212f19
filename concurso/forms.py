"""Forms of the competition. Drafts accept half-filled entries; sending checks the rest (services)."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from concurso import case_format
from concurso.models import Call, DeadlineExtension, Submission
from concurso.selectors import REQUIRED_FOR_SUBMISSION
from core.models import Municipality, SustainableDevelopmentGoal, Theme
from core.numbers import AmountField

CHILE_TIME = _("hora de Chile continental")

HELP_TEXTS = {field.name: field.help for field in case_format.CASE_FORMAT if field.help}


class SubmissionForm(forms.ModelForm):
    """The case format. Nothing is required to save a draft; `version` guards against lost updates."""

    # Bounded to the column's range: a forged huge number must be a form error, not a database overflow.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    class Meta:
        model = Submission
        fields = list(case_format.names())
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "ods": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "team_members": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["category"].queryset = call.categories.all()
        self.fields["category"].empty_label = _("— Elija una categoría —")
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["ods"].queryset = SustainableDevelopmentGoal.objects.all()
        self._limit("year_start", 1950, call.year)
        self._limit("implementation_months", 0, 600)
        # Amounts as people in Chile write them ("45.000.000", "$45.000.000", "45000000"), never truncated.
        self.fields["budget_clp"] = AmountField(
            label=self.fields["budget_clp"].label, required=False, max_value=10**13
        )
        for name, field in self.fields.items():
            field.required = False
            if name in HELP_TEXTS:
                field.help_text = HELP_TEXTS[name]
            max_length = getattr(field, "max_length", None)
            if max_length and isinstance(field.widget, forms.Textarea):
                field.help_text = _("%(help)s Máximo %(max)s caracteres.") % {
                    "help": field.help_text,
                    "max": max_length,
                }
            if name in REQUIRED_FOR_SUBMISSION:
                field.widget.attrs["data-required-for-submit"] = "true"
        if call.min_implementation_months:
            self.fields["implementation_months"].help_text = _(
                "Meses de implementación efectiva. Las bases piden al menos %(months)s."
            ) % {"months": call.min_implementation_months}
        self.fields["version"].required = True
        self.fields["version"].error_messages["required"] = _(
            "Falta la versión del formulario: recargue la página (lo que escribió se muestra abajo)."
        )

    def _limit(self, name, low, high):
        field = self.fields[name]
        field.validators += [MinValueValidator(low), MaxValueValidator(high)]
        field.widget.attrs.update({"min": low, "max": high})

    def _post_clean(self):
        # Validation of the model instance happens in the service on submit; a draft may be incomplete.
        pass

    def field_groups(self):
        """Fields grouped like the case format, for a readable page."""
        groups = case_format.sections()
        return [(title, [self[name] for name in names]) for title, names in groups]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("PDF, JPEG o PNG; hasta %(size)s por archivo.")
        % {"size": filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES)},
        error_messages={
            "required": _("Elija un archivo para adjuntar."),
            "empty": _("El archivo está vacío."),
        },
    )
    label = forms.CharField(
        label=_("Descripción"),
        max_length=200,
        required=False,
        help_text=_(
            "Por ejemplo: Informe de resultados. Si las bases piden un adjunto, use el mismo nombre."
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo (opcional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdmissibilityForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Resultado"),
        choices=[("1", _("Admisible")), ("0", _("Inadmisible"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatorio si es inadmisible. La municipalidad lo verá y lo recibirá por correo."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") is False and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Indique el motivo de la inadmisibilidad."))
        return cleaned


class LocalDateTimeField(forms.DateTimeField):
    """Entered in Chile's time: Django interprets naive input in the current time zone (TIME_ZONE)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S")

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "input_formats", ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"]
        )
        super().__init__(**kwargs)


class DeadlineExtensionForm(forms.ModelForm):
    new_close_at = LocalDateTimeField(label=_("Nuevo cierre (%(tz)s)") % {"tz": CHILE_TIME})
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.select_related("comuna").order_by("comuna__name"),
        required=False,
        label=_("Municipalidad"),
        empty_label=_("Todas las municipalidades"),
        help_text=_("Déjelo en «Todas» para prorrogar el plazo de toda la convocatoria."),
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Queda en el registro de auditoría."),
    )

    class Meta:
        model = DeadlineExtension
        fields = ["municipality", "new_close_at", "reason"]

    def _post_clean(self):
        # The service validates against the call's phases and records the audit event.
        pass


class CallAdminFormMixin:
    """Phase dates are labelled with the time zone they are entered in; phase order is Call.clean()."""

    RESERVED_SLUGS = {"mis-postulaciones", "gestion", "postulacion"}

    def _label_time_zone(self):
        for name in Call.PHASE_FIELDS:
            if name in self.fields:
                self.fields[
                    name
                ].label = f"{Call._meta.get_field(name).verbose_name.capitalize()} ({CHILE_TIME})"
                self.fields[name].help_text = _("Fecha y hora en %(tz)s; se guarda en UTC.") % {
                    "tz": CHILE_TIME
                }

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug in self.RESERVED_SLUGS:
            raise forms.ValidationError(_("Este slug está reservado por el portal; elija otro."))
        return slug

    def clean_categories(self):
        categories = self.cleaned_data.get("categories")
        if categories is not None and not categories:
            raise forms.ValidationError(_("Elija al menos una categoría."))
        return categories
