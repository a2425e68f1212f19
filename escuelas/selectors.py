"""Reads of citizen schools. ``statistics_by_region`` has no personal data: it is what the public
page and the open data API may show."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.models import Region
from escuelas.models import Cohort, Course, Enrolment


def catalogue() -> QuerySet[Course]:
    today = timezone.localdate()
    return Course.objects.filter(is_active=True).annotate(
        upcoming=Count("cohorts", filter=Q(cohorts__ends_on__gte=today), distinct=True)
    )


def cohorts_of(course: Course) -> QuerySet[Cohort]:
    return (
        course.cohorts.select_related("comuna__region")
        .annotate(enrolled=Count("enrolments"))
        .order_by("-starts_on")
    )


def cohort(pk: int) -> Cohort | None:
    return (
        Cohort.objects.select_related("course", "comuna__region")
        .annotate(enrolled=Count("enrolments"))
        .filter(pk=pk)
        .first()
    )


def seats_left(cohort: Cohort) -> int:
    return max(cohort.capacity - cohort.enrolments.count(), 0)


def statistics_by_region() -> list[dict]:
    """Per region, in geographic order: cohorts, seats, enrolled, completed, completion rate."""
    cohorts = dict(
        Cohort.objects.values("comuna__region").annotate(n=Count("pk")).values_list("comuna__region", "n")
    )
    seats = {}
    for region_id, capacity in Cohort.objects.values_list("comuna__region", "capacity"):
        seats[region_id] = seats.get(region_id, 0) + capacity
    people = {
        row["cohort__comuna__region"]: row
        for row in Enrolment.objects.values("cohort__comuna__region").annotate(
            enrolled=Count("pk"), completed=Count("pk", filter=Q(completed=True))
        )
    }
    rows = []
    for region in Region.objects.order_by("order", "code"):
        if region.pk not in cohorts:
            continue
        enrolled = people.get(region.pk, {}).get("enrolled", 0)
        completed = people.get(region.pk, {}).get("completed", 0)
        rows.append(
            {
                "region": region,
                "cohorts": cohorts[region.pk],
                "seats": seats.get(region.pk, 0),
                "enrolled": enrolled,
                "completed": completed,
                "completion_rate": round(100 * completed / enrolled) if enrolled else None,
            }
        )
    return rows
