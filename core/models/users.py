"""Accounts: users log in by e-mail; roles are Django groups, applicants belong to one municipality."""

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinacion", _("Coordinación (staff)")
    EDITOR = "editores", _("Editores")
    APPLICANT = "postulantes", _("Postulantes municipales")
    EVALUATOR = "evaluadores", _("Evaluadores")
    COMMITTEE = "comite", _("Comité de expertos")
    QUALITY_TEAM = "calidad", _("Equipo municipal de calidad")
    VALIDATOR = "validadores", _("Validadores externos")


APPLICANT_NEEDS_MUNICIPALITY = _(
    "Un postulante municipal debe pertenecer a una municipalidad: elija la municipalidad a la que representa."
)
QUALITY_TEAM_NEEDS_MUNICIPALITY = _(
    "Un integrante del equipo municipal de calidad debe pertenecer a una municipalidad: elija la municipalidad."
)


class EmailUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        if not email:
            raise ValueError("El correo electrónico es obligatorio.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        """Log-in by e-mail ignores case (``Ana@Muni.cl`` is ``ana@muni.cl``); an exact match wins
        if two accounts differ only by case (older data)."""
        matches = list(self.filter(**{f"{self.model.USERNAME_FIELD}__iexact": username})[:2])
        if len(matches) == 1:
            return matches[0]
        return self.get(**{self.model.USERNAME_FIELD: username})

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("correo electrónico"), unique=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("municipalidad"),
        help_text=_("Obligatoria para postulantes: la municipalidad a la que representan."),
    )
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        # Roles are groups (many-to-many, saved after the user), so a form that edits them sets
        # `roles_being_saved` first (the user forms of the admin); otherwise the stored
        # roles are checked.
        roles = getattr(self, "roles_being_saved", None)
        if roles is not None:
            is_applicant = Role.APPLICANT in roles
            is_quality = Role.QUALITY_TEAM in roles
        else:
            is_applicant = self.pk is not None and self.has_role(Role.APPLICANT)
            is_quality = self.pk is not None and self.has_role(Role.QUALITY_TEAM)
        if is_applicant and self.municipality_id is None:
            raise ValidationError({"municipality": APPLICANT_NEEDS_MUNICIPALITY})
        if is_quality and self.municipality_id is None:
            raise ValidationError({"municipality": QUALITY_TEAM_NEEDS_MUNICIPALITY})

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower() if "@" in self.email else ""

    def has_role(self, role: str) -> bool:
        if not self.is_authenticated:
            return False
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self._role_cache = cache
        return role in cache

    def add_role(self, role: str) -> None:
        group, _created = Group.objects.get_or_create(name=role)
        self.groups.add(group)
        self._role_cache = None

    @property
    def is_applicant(self) -> bool:
        return self.has_role(Role.APPLICANT) and self.municipality_id is not None

    @property
    def is_quality_team(self) -> bool:
        """Member of a municipality's quality team (records its quality diagnostics)."""
        return self.has_role(Role.QUALITY_TEAM) and self.municipality_id is not None

    @property
    def is_validator(self) -> bool:
        return self.has_role(Role.VALIDATOR)

    @property
    def is_evaluator(self) -> bool:
        return self.has_role(Role.EVALUATOR)

    @property
    def is_committee(self) -> bool:
        return self.has_role(Role.COMMITTEE)

    @property
    def is_editor(self) -> bool:
        return self.is_superuser or self.has_role(Role.EDITOR)

    @property
    def is_coordinator(self) -> bool:
        """Association staff (coordinators): configure calls and run the competition."""
        return self.is_superuser or self.has_role(Role.COORDINATOR)
