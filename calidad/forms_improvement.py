"""Forms of the improvement road (Spanish labels, dates dd-mm-aaaa)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from calidad.improvement import MemberData
from calidad.models import (
    SCORE_CHOICES,
    ActionLine,
    ImmediateAction,
    ImprovementCommittee,
)
from core.models import Role, User

DATE_INPUTS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"placeholder": "dd-mm-aaaa"}),
        **kwargs,
    )


class CommitteeForm(forms.ModelForm):
    decree_date = _date_field(_("Fecha del decreto"))
    members_text = forms.CharField(
        label=_("Integrantes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Una persona por línea: «nombre; cargo; correo del portal (opcional)». Solo quienes tienen correo del portal podrán editar."
        ),
    )

    class Meta:
        model = ImprovementCommittee
        fields = [
            "decree_number",
            "decree_date",
            "decree_file",
            "counterpart_1",
            "counterpart_2",
            "is_public",
        ]

    def __init__(self, *args, municipality=None, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["members_text"] = "\n".join(
                f"{m.name}; {m.post}" + (f"; {m.user.email}" if m.user_id else "")
                for m in self.instance.members.all()
            )

    def clean_decree_file(self):
        f = self.cleaned_data.get("decree_file")
        if f and hasattr(f, "name") and not f.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("El decreto debe ser un PDF."))
        return f

    def clean_members_text(self):
        members, errors = [], []
        for number, raw in enumerate(self.cleaned_data["members_text"].splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                errors.append(_("Línea %(n)s: escriba «nombre; cargo».") % {"n": number})
                continue
            user = None
            if len(parts) > 2 and parts[2]:
                user = User.objects.filter(email__iexact=parts[2], municipality=self.municipality).first()
                if user is None:
                    errors.append(
                        _("Línea %(n)s: no hay un usuario de la municipalidad con el correo %(e)s.")
                        % {"n": number, "e": parts[2]}
                    )
                    continue
            members.append(MemberData(name=parts[0], post=parts[1], user=user))
        if errors:
            raise forms.ValidationError(errors)
        if not any(m.user for m in members):
            raise forms.ValidationError(
                _("Al menos un integrante debe tener usuario del portal para poder editar.")
            )
        return members


class ReportForm(forms.Form):
    mayor_letter = forms.CharField(
        label=_("Carta del alcalde o alcaldesa"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    background = forms.CharField(
        label=_("Antecedentes de la comuna"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    acta = forms.FileField(label=_("Acta del comité de mejora (PDF)"), required=False)

    def clean_acta(self):
        f = self.cleaned_data.get("acta")
        if f and not f.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("El acta debe ser un PDF."))
        return f


class ElementsForm(forms.Form):
    """Evidence, declared score and attachments of every element of one subcriterio."""

    def __init__(self, *args, responses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = list(responses)
        for r in self.responses:
            self.fields[f"evidence_{r.pk}"] = forms.CharField(
                label=_("Evidencia del elemento %(n)s") % {"n": r.element.number},
                required=False,
                initial=r.evidence,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"score_{r.pk}"] = forms.TypedChoiceField(
                label=_("Puntaje del elemento %(n)s") % {"n": r.element.number},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *SCORE_CHOICES],
                initial=r.declared_score,
            )
            self.fields[f"files_{r.pk}"] = forms.FileField(
                label=_("Adjunto del elemento %(n)s") % {"n": r.element.number}, required=False
            )

    def rows(self):
        return [
            (r, self[f"evidence_{r.pk}"], self[f"score_{r.pk}"], self[f"files_{r.pk}"])
            for r in self.responses
        ]

    def values(self):
        return {
            r.pk: (self.cleaned_data[f"evidence_{r.pk}"], self.cleaned_data[f"score_{r.pk}"])
            for r in self.responses
        }

    def files_by_response(self):
        return {
            r.pk: [self.cleaned_data[f"files_{r.pk}"]]
            for r in self.responses
            if self.cleaned_data.get(f"files_{r.pk}")
        }


class ReviewForm(forms.Form):
    """Validated score and note per element of one subcriterio, and the feedback of the subcriterio."""

    strengths = forms.CharField(
        label=_("Fortalezas del subcriterio"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opportunities = forms.CharField(
        label=_("Oportunidades de mejora del subcriterio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, responses=(), feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.responses = list(responses)
        if feedback and not self.is_bound:
            self.initial.update(strengths=feedback.strengths, opportunities=feedback.opportunities)
        for r in self.responses:
            self.fields[f"validated_{r.pk}"] = forms.TypedChoiceField(
                label=_("Puntaje validado del elemento %(n)s") % {"n": r.element.number},
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *SCORE_CHOICES],
                initial=r.validated_score,
            )
            self.fields[f"note_{r.pk}"] = forms.CharField(
                label=_("Observación del elemento %(n)s") % {"n": r.element.number},
                required=False,
                initial=r.validator_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(r, self[f"validated_{r.pk}"], self[f"note_{r.pk}"]) for r in self.responses]

    def scores(self):
        return {
            r.pk: (self.cleaned_data[f"validated_{r.pk}"], self.cleaned_data[f"note_{r.pk}"])
            for r in self.responses
        }


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Mensaje"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignValidatorForm(forms.Form):
    validator = forms.ModelChoiceField(label=_("Validador"), queryset=User.objects.none())
    same_region = forms.BooleanField(
        label=_("Excluir también validadores de la misma región"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["validator"].queryset = User.objects.filter(
            groups__name=Role.VALIDATOR, is_active=True
        ).select_related("municipality__comuna")


class PlanForm(forms.Form):
    focus = forms.CharField(
        label=_("Foco del plan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Qué abordará la municipalidad en los próximos 12 meses y por qué."),
    )
    methodologies = forms.CharField(
        label=_("Metodologías priorizadas"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, catalogue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = list(catalogue)
        for m in self.catalogue:
            self.fields[f"priority_{m.pk}"] = forms.IntegerField(
                label=m.name,
                required=False,
                min_value=1,
                max_value=99,
                widget=forms.NumberInput(attrs={"class": "input-narrow"}),
            )

    def priority_rows(self):
        return [(m, self[f"priority_{m.pk}"]) for m in self.catalogue]

    def methodology_ids(self):
        chosen = [
            (self.cleaned_data[f"priority_{m.pk}"], m.pk)
            for m in self.catalogue
            if self.cleaned_data.get(f"priority_{m.pk}")
        ]
        return [pk for _p, pk in sorted(chosen)]


class ActionLineForm(forms.ModelForm):
    start_date = _date_field(_("Inicio"))
    end_date = _date_field(_("Término"))

    class Meta:
        model = ActionLine
        fields = [
            "title",
            "methodology",
            "responsible",
            "team",
            "resources",
            "start_date",
            "end_date",
            "success_indicator",
            "target",
        ]
        widgets = {"resources": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        if catalogue is not None:
            self.fields["methodology"].queryset = catalogue

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("El término no puede ser anterior al inicio."))
        return data


class ImmediateActionForm(forms.ModelForm):
    due_date = _date_field(_("Plazo"))

    class Meta:
        model = ImmediateAction
        fields = ["action", "responsible", "due_date"]


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("aprobar", _("Validar el plan")), ("devolver", _("Devolver con observaciones"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "devolver" and not (data.get("comments") or "").strip():
            self.add_error("comments", _("Explique qué debe corregirse al devolver el plan."))
        return data


class ProgressForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    percent = forms.IntegerField(label=_("Avance (%)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comentario"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Archivo de evidencia"), required=False)


class CloseForm(forms.Form):
    achievements = forms.CharField(label=_("Logros del ciclo"), widget=forms.Textarea(attrs={"rows": 4}))
