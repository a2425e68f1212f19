"""Portal side of replications (transferencia): the resolver of practice pages that transferencia
(a lower layer) uses, registered from PortalConfig.ready (the block of the case page is in
portal/replication_block.py)."""

from portal.models.pages import GoodPracticePage
from transferencia import practices


def resolve_practice(page_id: int):
    page = (
        GoodPracticePage.objects.live()
        .public()
        .filter(pk=page_id)
        .only("id", "title", "url_path", "municipality_id")
        .first()
    )
    if page is None:
        return None
    return practices.PracticeRef(
        page_id=page.pk, title=page.title, url=page.url, municipality_id=page.municipality_id
    )


def register():
    practices.register_resolver(resolve_practice)
