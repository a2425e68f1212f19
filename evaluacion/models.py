"""Blind evaluation models. EvaluatorProfile is part of the foundation (roles); the rest grows here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluatorProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_profile")
    expertise = models.ManyToManyField("portal.Category", blank=True, related_name="+", verbose_name=_("áreas de experticia"))
    affiliation = models.ForeignKey(
        "portal.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("municipalidad de afiliación"),
    )
    region = models.ForeignKey(
        "portal.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("región")
    )
    email_domain = models.CharField(_("dominio de correo"), max_length=120, blank=True)
    max_load = models.PositiveSmallIntegerField(_("carga máxima"), default=10)

    class Meta:
        verbose_name = _("perfil de evaluador")
        verbose_name_plural = _("perfiles de evaluador")

    def __str__(self):
        return str(self.user)
