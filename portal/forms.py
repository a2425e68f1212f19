from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from core.models import Municipality


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("Correo electrónico"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}))

    error_messages = {
        "invalid_login": _("Correo o contraseña incorrectos. Revise ambos e intente de nuevo."),
        "inactive": _("Esta cuenta está desactivada."),
    }


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's login form leaves the password field without a label, so Django shows the English
    field name; this gives it a Spanish one (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Contraseña")


class ApplicantMunicipalityMixin(forms.ModelForm):
    """Adds the user's municipality (and phone) to Wagtail's user forms, where User.clean() enforces
    that an applicant (group «postulantes») belongs to exactly one municipality: the foreign key
    allows at most one, the check requires it."""

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.select_related("comuna").order_by("comuna__name"),
        required=False,
        label=_("Municipalidad"),
        help_text=_("Obligatoria para postulantes municipales: la municipalidad a la que representan."),
    )
    phone = forms.CharField(label=_("Teléfono"), max_length=40, required=False)

    def clean(self):
        cleaned_data = super().clean()
        groups = cleaned_data.get("groups")
        if groups is not None:
            # The model's clean() (run next, by ModelForm) checks these roles, not the stored ones.
            self.instance.roles_being_saved = {group.name for group in groups}
        return cleaned_data


class PortalUserCreationForm(ApplicantMunicipalityMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"municipality", "phone"}


class PortalUserEditForm(ApplicantMunicipalityMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"municipality", "phone"}
