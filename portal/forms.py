import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from core import tasks
from core.models import Municipality
from core.taskutils import enqueue


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Correo electrónico"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("Correo o contraseña incorrectos. Revise ambos e intente de nuevo."),
        "inactive": _("Esta cuenta está desactivada."),
    }


# One password-reset e-mail per account per window, however often the form is sent: the e-mail's
# idempotency key carries the window, so the outbox (SentEmail) refuses the repeats.
PASSWORD_RESET_WINDOW_SECONDS = 15 * 60


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the task queue (outbox, retries) instead of
    being sent inside the request, and at most once per account every 15 minutes."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        )
        window = int(time.time() // PASSWORD_RESET_WINDOW_SECONDS)
        enqueue(
            tasks.send_email,
            key=f"password-reset:{context['user'].pk}:{window}",
            to=[to_email],
            subject=subject,
            body=body,
            html=html,
        )


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
