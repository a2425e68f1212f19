"""Categories, themes and the 17 SDGs (ODS): the vocabularies shared by the library and the competition."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Category(index.Indexed, models.Model):
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("categoría")
        verbose_name_plural = _("categorías")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Theme(index.Indexed, models.Model):
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 ODS of the 2030 Agenda; reference data loaded by a migration."""

    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    name = models.CharField(_("nombre"), max_length=160)
    color = models.CharField(_("color"), max_length=7, blank=True)

    class Meta:
        verbose_name = _("objetivo de desarrollo sostenible")
        verbose_name_plural = _("objetivos de desarrollo sostenible")
        ordering = ["number"]

    def __str__(self):
        return f"ODS {self.number}: {self.name}"
