"""Reclassification suggestions over REST: the ones of the accounts the caller may see;
generating and deciding them is for administrators and directors.

No `from __future__ import annotations` here: ninja resolves the annotations of a
@paginate-wrapped view in the pagination module's namespace (see accounts/api.py).
"""

from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from keyplan.accounts.access import visible_accounts
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.pagination import Pagination
from keyplan.core.web import parse_pk

from ..access import require_portfolio_manager
from ..models import Suggestion, SuggestionStatus
from . import services
from .schemas import DecisionIn, GeneratedOut, SuggestionOut, SuggestionQuery

router = Router(tags=["portfolio"])


@router.get(
    "/portfolio/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    summary="Reclassification suggestions for the accounts you may see",
)
@paginate(Pagination)
def list_suggestions(request, filters: Query[SuggestionQuery]):
    """Pending ones by default; `status=` (empty) for all."""
    queryset = Suggestion.objects.filter(account__in=visible_accounts(request.auth))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.select_related("account", "decided_by").order_by("-created_at", "-pk")


@router.post(
    "/portfolio/suggestions/generate",
    response={200: GeneratedOut, **BODY_ERRORS},
    summary="Generate suggestions from the data (administrators and directors)",
)
def generate_suggestions(request):
    """Idempotent: with the same data, a second run creates nothing new."""
    require_portfolio_manager(request.auth)
    generated = services.generate_suggestions(user=request.auth)
    pending = Suggestion.objects.filter(status=SuggestionStatus.PENDING).count()
    return {"generated": len(generated), "pending": pending}


@router.post(
    "/portfolio/suggestions/{suggestion_id}/decision",
    response={200: SuggestionOut, **BODY_ERRORS},
    summary="Accept or reject a suggestion (administrators and directors)",
)
def decide_suggestion(request, suggestion_id: int, payload: DecisionIn):
    """Accepting changes the account's class (recorded in its history). A decided
    suggestion cannot be decided again (422)."""
    suggestion = (
        Suggestion.objects.filter(
            pk=parse_pk(suggestion_id), account__in=visible_accounts(request.auth)
        )
        .select_related("account")
        .first()
    )
    if suggestion is None:
        raise Http404
    require_portfolio_manager(request.auth)
    decided = services.decide(
        user=request.auth, suggestion=suggestion, accept=payload.accept, comment=payload.comment
    )
    return Suggestion.objects.select_related("account", "decided_by").get(pk=decided.pk)
