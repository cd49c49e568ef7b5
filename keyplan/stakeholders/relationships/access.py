"""Which link a user may see or change: through its account's access rule (404 alike for
a missing link and a forbidden one; 403 for a read-only viewer asking to write)."""

from __future__ import annotations

from django.http import Http404

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.web import parse_pk

from ..models import Relationship


def relationship_for_user(user, pk, *, write: bool = False) -> tuple[Relationship, AccountAccess]:
    """The link `pk` (its people joined) and the access to its account."""
    account_id = (
        Relationship.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    return Relationship.objects.select_related("contact", "user").get(pk=pk), access
