from decimal import Decimal

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from core.models import Municipality, User
from evaluacion.models import Criterion, DecisionChoice, EvaluatorProfile, IdentityTermKind, Rubric
from evaluacion.redaction import fold
from evaluacion.selectors.blind import REDACTED_TEXT_FIELDS
from evaluacion.services.committee import DecisionInput
from evaluacion.services.reviews import ScoreInput
from evaluacion.services.rubric import validate_weights


class ScoreField(forms.DecimalField):
    """A score on the 0-100 scale as people in Chile type it: «72,5» or «72.5» (a score has no
    thousands, so either mark is the decimal one)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """A stored score is shown as it is shown everywhere else on the site: «88,50»."""
        if isinstance(value, (Decimal, int, float)):
            return f"{Decimal(value):.2f}".replace(".", ",")
        return value


def _score_text(value) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["key", "name", "description", "guidance", "weight", "scale_min", "scale_max", "required"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("El máximo debe ser mayor que el mínimo."))
        return data


class BaseCriterionFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [
            f.cleaned_data["weight"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        keys = [
            f.cleaned_data["key"] for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("Cada criterio necesita una clave distinta."))
        validate_weights(weights)


CriterionFormSet = modelformset_factory(
    Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)
# Once evaluation has started: no blank criterion, no delete box, and every field disabled.
ReadOnlyCriterionFormSet = modelformset_factory(
    Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=0, can_delete=False
)


def disable_fields(*forms_to_disable) -> None:
    """Disabled fields cannot be typed in, and Django ignores whatever a crafted POST sends for them."""
    for form in forms_to_disable:
        for field in form.fields.values():
            field.disabled = True


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["disagreement_max_std", "disagreement_max_gap"]
        widgets = {
            "disagreement_max_std": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100"}),
            "disagreement_max_gap": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100"}),
        }


class TieBreakForm(forms.Form):
    tie_break = forms.ChoiceField(label=_("Criterio de desempate"), required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_break"].choices = [("", "—")] + [(c.key, c.name) for c in criteria]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Correo del evaluador"))


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Nombre"), max_length=150)
    last_name = forms.CharField(label=_("Apellido"), max_length=150)
    password = forms.CharField(label=_("Contraseña"), widget=forms.PasswordInput, strip=False)

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class ProfileForm(forms.ModelForm):
    class Meta:
        model = EvaluatorProfile
        fields = ["institution", "expertise", "affiliation", "region", "email_domain", "max_load"]
        widgets = {"expertise": forms.CheckboxSelectMultiple}


class OwnProfileForm(forms.ModelForm):
    """The evaluator's own profile. Places are typed, not picked from a list: a page that lists every
    municipality would put the entries' names on an evaluator's screen."""

    affiliation_comuna = forms.CharField(
        label=_("Comuna de la municipalidad a la que está vinculado (si corresponde)"),
        required=False,
        max_length=120,
    )

    class Meta:
        model = EvaluatorProfile
        fields = ["institution", "expertise", "email_domain"]
        widgets = {"expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.affiliation_id:
            self.fields["affiliation_comuna"].initial = self.instance.affiliation.comuna.name

    def clean_affiliation_comuna(self):
        value = fold(self.cleaned_data["affiliation_comuna"].strip())
        if not value:
            return None
        for municipality in Municipality.objects.select_related("comuna"):
            if fold(municipality.comuna.name) == value:
                return municipality
        raise forms.ValidationError(
            _("No encontramos esa comuna. Escríbala como aparece en el listado oficial.")
        )

    def save(self, commit=True):
        profile = super().save(commit=False)
        municipality = self.cleaned_data.get("affiliation_comuna")
        profile.affiliation = municipality
        if municipality is not None:
            profile.region = municipality.comuna.region
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class ReviewForm(forms.Form):
    """One score (radio buttons on the criterion's scale) and one justification per criterion."""

    applicant_comment = forms.CharField(
        label=_("Comentarios para la municipalidad"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    overall_comment = forms.CharField(
        label=_("Notas privadas para el comité"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, criteria=(), initial_scores=None, rubric=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        # Say on the form who reads each text and whether the call requires it.
        applicant_needed = bool(rubric and rubric.applicant_comment_required)
        committee_needed = bool(rubric and rubric.committee_note_required)
        self.fields["applicant_comment"].help_text = (
            _("Obligatorio en esta convocatoria. ")
            if applicant_needed
            else _("Opcional en esta convocatoria. ")
        ) + _(
            "La municipalidad los leerá en su informe de retroalimentación cuando se publiquen los resultados, "
            "sin su nombre. No incluya datos que lo identifiquen."
        )
        self.fields["overall_comment"].help_text = (
            _("Obligatorias en esta convocatoria. ")
            if committee_needed
            else _("Opcionales en esta convocatoria. ")
        ) + _("Solo las lee el comité de expertos; la municipalidad nunca las ve.")
        initial_scores = initial_scores or {}
        for criterion in self.criteria:
            guidance = criterion.guidance_by_level
            choices = [
                (level, f"{level}" + (f" — {guidance[level]}" if level in guidance else ""))
                for level in criterion.levels
            ]
            score, justification = initial_scores.get(criterion.pk, (None, ""))
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=score,
                help_text=criterion.description,
            )
            self.fields[f"justification_{criterion.key}"] = forms.CharField(
                label=_("Justificación: %(name)s") % {"name": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=justification,
            )

    def criterion_fields(self):
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.key}"], self[f"justification_{criterion.key}"]

    def score_inputs(self):
        return [
            ScoreInput(
                criterion=criterion,
                score=self.cleaned_data.get(f"score_{criterion.key}"),
                justification=self.cleaned_data.get(f"justification_{criterion.key}") or "",
            )
            for criterion in self.criteria
        ]

    def add_service_errors(self, error):
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                target = (
                    f"score_{key}" if f"score_{key}" in self.fields else (key if key in self.fields else None)
                )
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}))


class StaffConflictForm(forms.Form):
    code = forms.CharField(label=_("Código de la postulación"), max_length=20)
    evaluator = forms.ModelChoiceField(label=_("Evaluador"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}))
    locked = forms.BooleanField(label=_("Bloquear"), required=False, initial=True)

    def __init__(self, *args, evaluators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if evaluators is not None:
            self.fields["evaluator"].queryset = evaluators


class ManualAssignmentForm(forms.Form):
    code = forms.CharField(label=_("Código de la postulación"), max_length=20)
    evaluator = forms.ModelChoiceField(label=_("Evaluador"), queryset=User.objects.none())

    def __init__(self, *args, evaluators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if evaluators is not None:
            self.fields["evaluator"].queryset = evaluators


class RedactedCopyForm(forms.Form):
    def __init__(self, *args, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = labels or {}
        for name in REDACTED_TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                label=labels.get(name, name), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decisión final"), choices=[("", "—"), *DecisionChoice.choices], required=False
    )
    adjusted_score = ScoreField(
        label=_("Puntaje ajustado (0 a 100, opcional)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    reason = forms.CharField(label=_("Motivo (obligatorio)"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentRulesForm(forms.ModelForm):
    """Whether the call requires each of the two review texts (issue 15)."""

    class Meta:
        model = Rubric
        fields = ["applicant_comment_required", "committee_note_required"]


class BulkDecisionForm(forms.Form):
    """The committee's table: per entry a decision and an adjusted score, with one reason, many
    entries at once.

    Only rows whose decision or adjusted score changes are recorded, and each of those needs its own
    reason (it goes to the log and the acta)."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            code = row.submission.code
            current = row.decision.outcome if row.decision else ""
            self.fields[f"outcome_{code}"] = forms.ChoiceField(
                label=_("Decisión para %(code)s") % {"code": code},
                required=False,
                initial=current,
                choices=[("", "—"), *DecisionChoice.choices],
            )
            adjusted = row.decision.adjusted_score if row.decision else None
            self.fields[f"adjusted_{code}"] = ScoreField(
                label=_("Puntaje ajustado para %(code)s (0 a 100)") % {"code": code},
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=adjusted,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6", "autocomplete": "off"}),
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Motivo para %(code)s") % {"code": code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def row_fields(self):
        for row in self.rows:
            code = row.submission.code
            yield row, self[f"outcome_{code}"], self[f"adjusted_{code}"], self[f"reason_{code}"]

    def _changes(self, row) -> tuple[bool, bool]:
        """(decision changed, adjusted score changed) for one row of the cleaned table."""
        code = row.submission.code
        current = row.decision.outcome if row.decision else ""
        adjusted = row.decision.adjusted_score if row.decision else None
        outcome_changed = (self.cleaned_data.get(f"outcome_{code}") or "") != current
        score_changed = _score_text(self.cleaned_data.get(f"adjusted_{code}")) != _score_text(adjusted)
        return outcome_changed, score_changed

    def clean(self):
        data = super().clean()
        for row in self.rows:
            code = row.submission.code
            if f"adjusted_{code}" in self.errors:
                continue
            outcome_changed, score_changed = self._changes(row)
            if (outcome_changed or score_changed) and not (data.get(f"reason_{code}") or "").strip():
                message = (
                    _("Indique el motivo del ajuste de puntaje de %(code)s.")
                    if score_changed and not outcome_changed
                    else _("Indique el motivo de la decisión sobre %(code)s.")
                )
                self.add_error(f"reason_{code}", message % {"code": code})
        return data

    def changed_items(self):
        items = []
        for row in self.rows:
            code = row.submission.code
            outcome_changed, score_changed = self._changes(row)
            if outcome_changed or score_changed:
                items.append(
                    DecisionInput(
                        submission=row.submission,
                        outcome=self.cleaned_data.get(f"outcome_{code}") or "",
                        reason=self.cleaned_data.get(f"reason_{code}", ""),
                        adjusted_score=self.cleaned_data.get(f"adjusted_{code}"),
                        keep_score=not score_changed,
                    )
                )
        return items

    def add_service_errors(self, error):
        for code, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            target = f"reason_{code}" if f"reason_{code}" in self.fields else None
            for message in messages:
                self.add_error(target, message)


class IdentityTermForm(forms.Form):
    term = forms.CharField(
        label=_("Término que identifica a la municipalidad"),
        max_length=160,
        help_text=_("Por ejemplo: «sector Las Compañías», el nombre de un programa o de una autoridad."),
    )
    kind = forms.ChoiceField(
        label=_("Tipo"), choices=IdentityTermKind.choices, initial=IdentityTermKind.PLACE
    )


class MayorForm(forms.Form):
    mayor_name = forms.CharField(label=_("Alcalde o alcaldesa"), max_length=160, required=False)


class ConflictRemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo para quitar el conflicto"), widget=forms.Textarea(attrs={"rows": 2})
    )
