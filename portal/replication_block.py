"""The replication block of a practice page (transferencia, a lower layer): public count and list,
and what this user may do. Knows no page model, so the page types can use it."""

from transferencia import practices
from transferencia import selectors as transfer_selectors


def case_page_context(request, page) -> dict:
    """Replication block of a practice page: public count and list, and what this user may do."""
    public = list(
        transfer_selectors.public_replications().filter(practice_page_id=page.pk).order_by("completed_on")
    )
    municipalities = []
    for replication in public:
        if replication.requester_municipality not in municipalities:
            municipalities.append(replication.requester_municipality)
    context = {"replicated_in": municipalities, "replication_count": len(municipalities)}
    user = request.user
    ref = practices.PracticeRef(
        page_id=page.pk, title=page.title, url=page.url, municipality_id=page.municipality_id
    )
    if user.is_authenticated and user.has_perm("transferencia.request_replication", ref):
        context["own_replication"] = transfer_selectors.open_request_for(
            practice_page_id=page.pk, municipality_id=user.municipality_id
        )
        context["can_request_replication"] = True
    return context
