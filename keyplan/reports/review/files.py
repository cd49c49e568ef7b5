"""An account's review pack (SPEC §6.5, keyplan.execution.review) as files: a PDF (A4
portrait, WeasyPrint, the sales trend as inline vector SVG, nothing cut off: long texts
wrap, table rows never split) and a PowerPoint file (native chart and tables on the board
template). Both read `execution.review.selectors.account_review`, as the page does."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account
from keyplan.core.money import format_money
from keyplan.execution.review.domain import AccountReview
from keyplan.execution.review.selectors import account_review

from ..board import pptx_parts as parts
from ..board import svg
from ..board.pdf import branding, html_to_pdf
from . import present

TEMPLATE = "reports/board/review_pdf.html"


def file_name(account: Account, extension: str) -> str:
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in account.name)[:60]
    return f"review-{safe.strip('-') or account.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _chart(review: AccountReview, colour: str) -> str:
    if not review.months:
        return ""
    values = [m["revenue"] for m in review.months]
    markup = svg.bar_chart(
        [m["month"].strftime("%Y-%m") for m in review.months],
        values,
        title=_("Revenue per month"),
        colour=colour,
        axis=("0", format_money(max([0, *values]), review.currency)),
    )
    return mark_safe(markup)  # noqa: S308 - built by svg.py, its texts escaped


def review_html(review: AccountReview, today: date) -> str:
    brand = branding()
    return render_to_string(
        TEMPLATE,
        {
            **brand,
            "language": get_language(),
            "review": review,
            "subtitle": present.subtitle(review, today),
            "figures": present.figures(review),
            "chart": _chart(review, brand["colour"]),
            "goals": present.goals(review),
            "risks": present.risks(review),
            "overdue": present.overdue(review),
            "requests": present.requests(review),
            "checkpoints": present.checkpoints(review),
            "element_header": present.element_header(),
        },
    )


def render_review_pdf(account: Account) -> bytes:
    """The account's review pack as PDF bytes, in the active language (the caller has
    checked access)."""
    today = timezone.localdate()
    return html_to_pdf(
        review_html(account_review(account, today=today), today), orientation="portrait"
    )


def _tables(presentation, review: AccountReview) -> None:
    slide, box = parts.content_slide(presentation, _("Plan goals and top risks"))
    left, right = box.split()
    if present.goals(review):
        parts.table(slide, left, [_("Goal"), _("Progress"), _("Note")], present.goals(review))
    else:
        parts.text(slide, left, [_("No goals in a current plan.")])
    if present.risks(review):
        parts.table(slide, right, [_("Risk"), _("What it says")], present.risks(review))
    else:
        parts.text(slide, right, [_("No relationship risk or competition alert.")])
    slide, box = parts.content_slide(presentation, _("Overdue actions and open requests"))
    left, right = box.split()
    if present.overdue(review):
        parts.table(slide, left, [_("Action"), _("Due"), _("Owner")], present.overdue(review))
    else:
        parts.text(slide, left, [_("No overdue action.")])
    if present.requests(review):
        parts.table(slide, right, [_("Open resource requests")], present.requests(review))
    else:
        parts.text(slide, right, [_("No request waiting for a decision.")])
    for checkpoint in present.checkpoints(review):
        slide, box = parts.content_slide(presentation, checkpoint["heading"])
        parts.table(slide, box, present.element_header(), checkpoint["rows"])


def render_review_pptx(account: Account) -> bytes:
    """The account's review pack as .pptx bytes: a title slide, the sales (native column
    chart of revenue and gross profit per month), the goals and risks, the overdue actions
    and open requests, and the last checkpoints."""
    today = timezone.localdate()
    review = account_review(account, today=today)
    presentation = parts.open_template()
    parts.title_slide(presentation, account.name, [present.subtitle(review, today)])
    slide, box = parts.content_slide(presentation, _("Revenue and gross profit"))
    head = box.height // 6
    parts.table(
        slide,
        parts.Box(box.left, box.top, box.width // 2, head),
        [_("Figure"), ""],
        present.figures(review)[:2],
    )
    if review.months:
        parts.bar_chart(
            slide,
            parts.Box(box.left, box.top + head + 91440, box.width, box.height - head - 91440),
            [m["month"].strftime("%Y-%m") for m in review.months],
            {
                _("Revenue"): [m["revenue"] for m in review.months],
                _("Gross profit"): [m["gross_profit"] for m in review.months],
            },
        )
    _tables(presentation, review)
    return parts.to_bytes(presentation)
