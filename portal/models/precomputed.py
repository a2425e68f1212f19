"""Lists computed when content changes instead of on every request (portal.precomputed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrecomputedRelated(models.Model):
    """The related practices shown on a case page, computed when the page is (re)indexed."""

    practice = models.OneToOneField(
        "portal.GoodPracticePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="precomputed_related",
        verbose_name=_("práctica"),
    )
    related_ids = models.JSONField(_("prácticas relacionadas"), default=list)
    computed_at = models.DateTimeField(_("calculadas el"), auto_now=True)

    class Meta:
        verbose_name = _("prácticas relacionadas precalculadas")
        verbose_name_plural = _("prácticas relacionadas precalculadas")

    def __str__(self):
        return f"{self.practice_id}: {self.related_ids}"
