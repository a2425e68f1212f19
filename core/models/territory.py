"""Territorial reference data: country-aware, loaded by a data migration (Chile's DPA with CUT codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    code = models.CharField(_("código ISO"), max_length=2, unique=True)
    name = models.CharField(_("nombre"), max_length=100)

    class Meta:
        verbose_name = _("país")
        verbose_name_plural = _("países")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("país")
    )
    code = models.CharField(_("código"), max_length=10)
    name = models.CharField(_("nombre oficial"), max_length=120)
    short_name = models.CharField(_("nombre corto"), max_length=80)
    roman = models.CharField(_("numeral"), max_length=6, blank=True)
    order = models.PositiveSmallIntegerField(_("orden geográfico"), default=0)

    class Meta:
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        ordering = ["country", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="unique_region_code_per_country")
        ]

    def __str__(self):
        return self.short_name or self.name


class Province(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("región")
    )
    code = models.CharField(_("código"), max_length=10)
    name = models.CharField(_("nombre"), max_length=120)

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_province_code_per_region")
        ]

    def __str__(self):
        return self.name


class Comuna(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="comunas", verbose_name=_("región")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="comunas",
        null=True,
        blank=True,
        verbose_name=_("provincia"),
    )
    code = models.CharField(
        _("código territorial"), max_length=10, help_text=_("Código único territorial (CUT).")
    )
    name = models.CharField(_("nombre"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)

    class Meta:
        verbose_name = _("comuna")
        verbose_name_plural = _("comunas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unique_comuna_code_per_region"),
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.name


class Typology(models.TextChoices):
    """Municipal typology used to compare like with like (the five groups of the national
    municipal typology: large metropolitan/urban communes down to small rural ones)."""

    METROPOLITAN = "1", _("Grandes comunas metropolitanas con alto y/o medio desarrollo")
    URBAN_LARGE = "2", _("Comunas mayores con desarrollo medio")
    URBAN_MEDIUM = "3", _("Comunas urbanas medianas con desarrollo medio")
    SEMI_URBAN = "4", _("Comunas semiurbanas y rurales con desarrollo medio")
    RURAL = "5", _("Comunas semiurbanas y rurales con bajo desarrollo")


class Municipality(models.Model):
    """The local government of a comuna: what applicants, practices and distinctions belong to."""

    comuna = models.OneToOneField(
        Comuna, on_delete=models.PROTECT, related_name="municipality", verbose_name=_("comuna")
    )
    name = models.CharField(
        _("nombre"), max_length=160, help_text=_("Por ejemplo: Ilustre Municipalidad de La Serena.")
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    website = models.URLField(_("sitio web"), blank=True)
    email_domain = models.CharField(
        _("dominio de correo"), max_length=120, blank=True, help_text=_("Por ejemplo: laserena.cl")
    )
    mayor_name = models.CharField(
        _("alcalde o alcaldesa"),
        max_length=160,
        blank=True,
        help_text=_("Nombre completo; se oculta a los evaluadores en las copias anonimizadas."),
    )
    typology = models.CharField(
        _("tipología municipal"),
        max_length=2,
        choices=Typology.choices,
        blank=True,
        help_text=_("Grupo de comunas comparables; se importa con «manage.py import_typology»."),
    )

    class Meta:
        verbose_name = _("municipalidad")
        verbose_name_plural = _("municipalidades")
        ordering = ["comuna__name"]

    def __str__(self):
        return self.name

    @property
    def region(self):
        return self.comuna.region
