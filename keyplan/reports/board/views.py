"""The board pack page (namespace "reports", /reports/board/): the archive of generated
packs, newest first and paginated, a "Generate" form, each unfinished pack's progress
polled with htmx, the download links. Administrators and directors only: other internal
users get 403, portal users 404 (as every portfolio-wide page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keyplan.core.decorators import internal_required
from keyplan.portfolio.access import require_portfolio_manager

from . import selectors, services
from .forms import BoardPackForm

PAGE_SIZE = 20


@internal_required
@require_http_methods(["GET", "POST"])
def board_packs(request):
    require_portfolio_manager(request.user)
    status = 200
    if request.method == "POST":
        form = BoardPackForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.board_pack_request(
                        user=request.user,
                        file_format=form.cleaned_data["format"],
                        language=get_language(),
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The board pack is being generated."))
                return redirect("reports:board")
        status = 422
    else:
        form = BoardPackForm()
    page = Paginator(selectors.board_packs(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/board/list.html", {"form": form, "page": page}, status=status)


@internal_required
@require_GET
def board_pack_status(request, pk):
    """One pack's row alone: the page polls it while the pack is queued or running."""
    pack = selectors.board_pack_for_user(request.user, pk)
    return render(request, "reports/board/_row.html", {"pack": pack})


@internal_required
@require_GET
def board_pack_download(request, pk):
    return selectors.board_pack_file(selectors.board_pack_for_user(request.user, pk))
