from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("Correo electrónico"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}))

    error_messages = {
        "invalid_login": _("Correo o contraseña incorrectos. Revise ambos e intente de nuevo."),
        "inactive": _("Esta cuenta está desactivada."),
    }
