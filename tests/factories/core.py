"""Factories of the kernel models (core), one per model, and `make_user`, the one helper tests use to
create a person with roles and, for applicants, a municipality."""

import factory

from core.models import (
    Category,
    Comuna,
    Country,
    ExportJob,
    Municipality,
    PendingTask,
    Province,
    Region,
    Role,
    SentEmail,
    SustainableDevelopmentGoal,
    Theme,
    User,
)

PASSWORD = "clave-de-prueba-123"


def _add_roles(*default_roles):
    """A post-generation declaration adding roles (groups); a trait swaps it for its own roles."""

    def add(user, create, extracted, **kwargs):
        for role in extracted or default_roles:
            user.add_role(role)

    return factory.PostGeneration(add)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; roles through traits: UserFactory(editor=True), UserFactory(applicant=True)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@ejemplo.cl")
    first_name = "Nombre"
    last_name = factory.Sequence(lambda n: f"Apellido{n}")

    class Params:
        editor = factory.Trait(roles=_add_roles(Role.EDITOR), is_staff=True)
        coordinator = factory.Trait(roles=_add_roles(Role.COORDINATOR), is_staff=True)
        applicant = factory.Trait(
            roles=_add_roles(Role.APPLICANT),
            municipality=factory.SubFactory("tests.factories.core.MunicipalityFactory"),
        )
        evaluator = factory.Trait(roles=_add_roles(Role.EVALUATOR))
        committee = factory.Trait(roles=_add_roles(Role.COMMITTEE))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    roles = _add_roles()


class RegionFactory(factory.django.DjangoModelFactory):
    """Regions come from the reference-data migration; this returns an existing one by code."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "04"
    country_id = factory.LazyFunction(lambda: Region.objects.values_list("country_id", flat=True).first())
    name = "Región de Coquimbo"
    short_name = "Coquimbo"


class ComunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comuna
        django_get_or_create = ("code",)

    code = "04101"
    name = factory.LazyAttribute(lambda o: f"Comuna {o.code}")
    slug = factory.LazyAttribute(lambda o: f"comuna-{o.code}")
    region = factory.SubFactory(RegionFactory)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """Picks the existing municipality of a comuna (by CUT code) or creates the comuna and it."""

    class Meta:
        model = Municipality
        django_get_or_create = ("comuna",)

    comuna = factory.LazyAttribute(
        lambda o: Comuna.objects.filter(code=o.comuna_code).first() or ComunaFactory(code=o.comuna_code)
    )
    name = factory.LazyAttribute(lambda o: f"Municipalidad de {o.comuna.name}")
    slug = factory.LazyAttribute(lambda o: o.comuna.slug)

    class Params:
        comuna_code = "04101"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categoría {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class SustainableDevelopmentGoalFactory(factory.django.DjangoModelFactory):
    """The 17 ODS exist from the migration; returns one by number."""

    class Meta:
        model = SustainableDevelopmentGoal
        django_get_or_create = ("number",)

    number = 16
    name = "Paz, justicia e instituciones sólidas"


class CountryFactory(factory.django.DjangoModelFactory):
    """Chile exists from the reference-data migration; this returns it."""

    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "CL"
    name = "Chile"


class ProvinceFactory(factory.django.DjangoModelFactory):
    """Provinces come from the reference-data migration; this returns an existing one by code."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "041"
    name = "Elqui"
    region = factory.SubFactory(RegionFactory)


class PendingTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PendingTask

    task_name = "core.tasks.send_email"
    args = factory.LazyFunction(list)
    kwargs = factory.LazyFunction(dict)


class SentEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SentEmail

    key = factory.Sequence(lambda n: f"prueba:{n}")
    recipients = factory.LazyFunction(lambda: ["persona@ejemplo.cl"])
    subject = "Asunto de prueba"


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    requested_by = factory.SubFactory(UserFactory, coordinator=True)
    kind = "tests.greeting"


def make_user(
    email, *, roles=(), comuna_code=None, first_name="Nombre", last_name="Apellido", superuser=False
) -> User:
    """A user with this e-mail and roles; `comuna_code` attaches the municipality of that comuna."""
    municipality = Municipality.objects.get(comuna__code=comuna_code) if comuna_code else None
    return UserFactory(
        email=email,
        first_name=first_name,
        last_name=last_name,
        municipality=municipality,
        roles=list(roles),
        is_superuser=superuser,
        is_staff=superuser,
    )
