"""The account review pack as files (namespace "reports"): PDF and PPTX downloads linked
from the review page (execution/review). The one access rule: an account the user may not
see answers 404 like a missing one; portal users get 404."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required

from ..board.selectors import CONTENT_TYPES
from .files import file_name, render_review_pdf, render_review_pptx


def _attachment(data: bytes, extension: str, account) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{file_name(account, extension)}"'
    return response


@require_GET
@internal_required
def review_pdf(request, pk):
    account = account_for_user(request.user, pk).account
    return _attachment(render_review_pdf(account), "pdf", account)


@require_GET
@internal_required
def review_pptx(request, pk):
    account = account_for_user(request.user, pk).account
    return _attachment(render_review_pptx(account), "pptx", account)
