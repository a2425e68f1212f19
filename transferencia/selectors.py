"""Reads of replications. Public figures count only completed replications both sides agreed to
publish; these are the selectors the portal (case page, library, map) and the open data API use."""

from django.db.models import Count, Q, QuerySet

from transferencia.models import OPEN_STATUSES, Replication, ReplicationStatus

PUBLIC = Q(status=ReplicationStatus.COMPLETED, requester_consents=True, origin_consents=True)


def public_replications() -> QuerySet[Replication]:
    return Replication.objects.filter(PUBLIC).select_related(
        "requester_municipality__comuna__region", "origin_municipality__comuna__region"
    )


def public_replication_count(practice_page_id: int) -> int:
    """In how many municipalities the practice was replicated (completed and consented)."""
    return (
        Replication.objects.filter(PUBLIC, practice_page_id=practice_page_id)
        .values("requester_municipality")
        .distinct()
        .count()
    )


def public_replication_counts(practice_page_ids=None) -> dict[int, int]:
    """{practice page id: number of municipalities that replicated it} for many practices at once."""
    rows = Replication.objects.filter(PUBLIC)
    if practice_page_ids is not None:
        rows = rows.filter(practice_page_id__in=list(practice_page_ids))
    return dict(
        rows.values("practice_page_id")
        .annotate(n=Count("requester_municipality", distinct=True))
        .values_list("practice_page_id", "n")
    )


def replicated_practice_ids() -> set[int]:
    return set(Replication.objects.filter(PUBLIC).values_list("practice_page_id", flat=True))


def for_municipality(municipality_id: int) -> QuerySet[Replication]:
    return Replication.objects.filter(
        Q(requester_municipality_id=municipality_id) | Q(origin_municipality_id=municipality_id)
    ).select_related("requester_municipality", "origin_municipality")


def open_request_for(*, practice_page_id: int, municipality_id: int) -> Replication | None:
    return Replication.objects.filter(
        practice_page_id=practice_page_id,
        requester_municipality_id=municipality_id,
        status__in=[*OPEN_STATUSES, ReplicationStatus.COMPLETED],
    ).first()


def with_stages(pk: int) -> Replication | None:
    return (
        Replication.objects.select_related(
            "requester_municipality__comuna__region",
            "origin_municipality__comuna__region",
            "requested_by",
            "answered_by",
        )
        .prefetch_related("stages__recorded_by")
        .filter(pk=pk)
        .first()
    )


def staff_list(*, status: str = "", region_code: str = "", query: str = "") -> QuerySet[Replication]:
    rows = Replication.objects.select_related(
        "requester_municipality__comuna__region", "origin_municipality__comuna__region"
    ).annotate(stage_count=Count("stages"))
    if status:
        rows = rows.filter(status=status)
    if region_code:
        rows = rows.filter(
            Q(requester_municipality__comuna__region__code=region_code)
            | Q(origin_municipality__comuna__region__code=region_code)
        )
    if query:
        rows = rows.filter(
            Q(practice_title__icontains=query)
            | Q(requester_municipality__name__icontains=query)
            | Q(origin_municipality__name__icontains=query)
        )
    return rows.order_by("-updated_at")
