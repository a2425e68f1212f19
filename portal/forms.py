from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


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
