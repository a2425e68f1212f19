"""Open data API: published events and the public aggregates of the quality diagnostic."""

from django.urls import reverse

from calidad.selectors import MIN_GROUP
from core.models import Municipality
from tests.factories.calidad import small_instrument, submitted_diagnostic
from tests.factories.difusion import EventFactory, RegistrationFactory


def test_events_are_the_published_ones_with_their_confirmed_count(client, db):
    shown = EventFactory(capacity=30)
    RegistrationFactory(event=shown)
    hidden = EventFactory(published=False)

    data = client.get(reverse("api:event-list")).json()
    assert [(item["slug"], item["cupos"], item["inscritos"]) for item in data["resultados"]] == [
        (shown.slug, 30, 1)
    ]
    assert client.get(reverse("api:event-detail", args=[shown.slug])).json()["titulo"] == shown.title
    assert client.get(reverse("api:event-detail", args=[hidden.slug])).status_code == 404


def test_quality_aggregates_hide_groups_of_fewer_than_five_municipalities(client, db):
    instrument = small_instrument()
    coquimbo = Municipality.objects.filter(comuna__region__code="04").order_by("comuna__code")[:MIN_GROUP]
    for municipality in coquimbo:
        submitted_diagnostic(municipality, instrument)
    submitted_diagnostic(Municipality.objects.get(comuna__code="13101"), instrument, points={1: 3, 2: 3})

    rows = client.get(reverse("api:quality-statistics")).json()
    by_key = {(row["alcance"], row["region_codigo"], row["ambito_codigo"]): row for row in rows}
    national = by_key[("nacional", None, "alfa")]
    assert (national["municipios"], national["mediana"]) == (MIN_GROUP + 1, 67.0)
    assert by_key[("region", "04", "alfa")]["mediana"] == 67.0
    santiago = by_key[("region", "13", "alfa")]
    assert (santiago["municipios"], santiago["mediana"], santiago["cuartil_1"]) == (1, None, None)

    csv_text = client.get(reverse("api:quality-statistics"), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("alcance,region_codigo,region,ambito_codigo")
