"""How transferencia learns about practice pages without importing the portal (a higher layer).

The portal registers a resolver at start-up: ``resolver(page_id) -> PracticeRef | None`` for live,
public practice pages. Tests and other sites may register their own.
"""

from dataclasses import dataclass

_resolvers = []


@dataclass(frozen=True)
class PracticeRef:
    page_id: int
    title: str
    url: str
    municipality_id: int


def register_resolver(func):
    if func not in _resolvers:
        _resolvers.append(func)
    return func


def resolve(page_id: int) -> PracticeRef | None:
    for resolver in _resolvers:
        ref = resolver(page_id)
        if ref is not None:
            return ref
    return None
