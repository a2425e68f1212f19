"""Demo accounts for every role. Created only when settings.DEMO_USERS_ENABLED (dev and test)."""

from django.conf import settings

from core.models import Municipality, Role, User

DEMO_PASSWORD = "demo-portal-2026"

# email, first name, last name, roles, municipality comuna code (applicants), is_superuser
DEMO_USERS = [
    ("admin@demo.cl", "Ana", "Coordinadora", [Role.COORDINATOR, Role.EDITOR], None, True),
    ("coordinacion@demo.cl", "Carlos", "Coordinación", [Role.COORDINATOR], None, False),
    ("editora@demo.cl", "Elena", "Editora", [Role.EDITOR], None, False),
    ("postulante.laserena@demo.cl", "Luis", "Postulante", [Role.APPLICANT], "04101", False),
    ("postulante2.laserena@demo.cl", "Laura", "Colega", [Role.APPLICANT], "04101", False),
    ("postulante.valdivia@demo.cl", "Valeria", "Postulante", [Role.APPLICANT], "14101", False),
    ("comite@demo.cl", "Camila", "Comité", [Role.COMMITTEE], None, False),
]

_registered: list[tuple[str, str]] = []


def register(email: str, description: str) -> None:
    """Other apps' demo modules register the logins they create so `demo_logins` lists them."""
    if (email, description) not in _registered:
        _registered.append((email, description))


def ensure_user(email, *, first_name="", last_name="", roles=(), comuna_code=None, superuser=False) -> User:
    municipality = Municipality.objects.get(comuna__code=comuna_code) if comuna_code else None
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "municipality": municipality,
            "is_staff": superuser or Role.COORDINATOR in roles or Role.EDITOR in roles,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    for role in roles:
        user.add_role(role)
    return user


def load_demo_users() -> None:
    if not getattr(settings, "DEMO_USERS_ENABLED", False):
        return
    for email, first, last, roles, comuna_code, superuser in DEMO_USERS:
        ensure_user(
            email, first_name=first, last_name=last, roles=roles, comuna_code=comuna_code, superuser=superuser
        )


def demo_logins() -> list[tuple[str, str]]:
    described = [
        (email, ", ".join(str(Role(r).label) for r in roles)) for email, _f, _l, roles, _c, _s in DEMO_USERS
    ]
    extra = [item for item in _registered if item[0] not in {e for e, _ in described}]
    # Other apps' demo users are read from the database so the list is right even in a new process.
    known = {e for e, _ in described} | {e for e, _ in extra}
    for user in User.objects.filter(email__endswith="@demo.cl").exclude(email__in=known).order_by("email"):
        roles = ", ".join(
            str(Role(name).label)
            for name in user.groups.values_list("name", flat=True)
            if name in Role.values
        )
        extra.append((user.email, roles))
    return described + extra
