"""Reference data that every installation needs: the 17 ODS, the role groups and Chile's DPA."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

ODS = [
    (1, "Fin de la pobreza", "#E5243B"),
    (2, "Hambre cero", "#DDA63A"),
    (3, "Salud y bienestar", "#4C9F38"),
    (4, "Educación de calidad", "#C5192D"),
    (5, "Igualdad de género", "#FF3A21"),
    (6, "Agua limpia y saneamiento", "#26BDE2"),
    (7, "Energía asequible y no contaminante", "#FCC30B"),
    (8, "Trabajo decente y crecimiento económico", "#A21942"),
    (9, "Industria, innovación e infraestructura", "#FD6925"),
    (10, "Reducción de las desigualdades", "#DD1367"),
    (11, "Ciudades y comunidades sostenibles", "#FD9D24"),
    (12, "Producción y consumo responsables", "#BF8B2E"),
    (13, "Acción por el clima", "#3F7E44"),
    (14, "Vida submarina", "#0A97D9"),
    (15, "Vida de ecosistemas terrestres", "#56C02B"),
    (16, "Paz, justicia e instituciones sólidas", "#00689D"),
    (17, "Alianzas para lograr los objetivos", "#19486A"),
]

ROLES = ["coordinacion", "editores", "postulantes", "evaluadores", "comite"]

DPA_FILE = Path(__file__).resolve().parent.parent / "data" / "chile_dpa.json"


def load(apps, schema_editor):
    SDG = apps.get_model("core", "SustainableDevelopmentGoal")
    for number, name, color in ODS:
        SDG.objects.update_or_create(number=number, defaults={"name": name, "color": color})

    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)

    data = json.loads(DPA_FILE.read_text(encoding="utf-8"))
    Country = apps.get_model("core", "Country")
    Region = apps.get_model("core", "Region")
    Province = apps.get_model("core", "Province")
    Comuna = apps.get_model("core", "Comuna")
    Municipality = apps.get_model("core", "Municipality")

    country, _ = Country.objects.update_or_create(code=data["country"]["code"], defaults={"name": data["country"]["name"]})
    regions = {}
    for item in data["regions"]:
        regions[item["code"]], _ = Region.objects.update_or_create(
            country=country,
            code=item["code"],
            defaults={k: item[k] for k in ("name", "short_name", "roman", "order")},
        )
    provinces = {}
    for item in data["provinces"]:
        provinces[item["code"]], _ = Province.objects.update_or_create(
            region=regions[item["region_code"]], code=item["code"], defaults={"name": item["name"]}
        )
    for item in data["comunas"]:
        comuna, _ = Comuna.objects.update_or_create(
            region=regions[item["region_code"]],
            code=item["code"],
            defaults={"name": item["name"], "slug": slugify(item["name"]), "province": provinces.get(item["province_code"])},
        )
        # Antártica has no municipality of its own: Cabo de Hornos administers it.
        if item["code"] == "12202":
            continue
        Municipality.objects.get_or_create(
            comuna=comuna,
            defaults={"name": f"Municipalidad de {item['name']}", "slug": slugify(item["name"])},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
