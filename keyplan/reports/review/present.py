"""An account's review (keyplan.execution.review) as texts and table cells in the active
language, shared by its PDF and its PPTX so both say the same."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from keyplan.core.money import format_money, format_number
from keyplan.execution.review.domain import AccountReview

from ..board.accounts import request_text
from ..board.present import day, percent


def subtitle(review: AccountReview, today) -> str:
    account = review.account
    parts = [review.class_label]
    if review.rank:
        parts.append(
            # No company total: it would tell a KAM the size of the whole portfolio.
            _("rank %(rank)s by gross profit across the company")
            % {"rank": format_number(review.rank)}
        )
    if account.owner:
        parts.append(_("KAM: %(owner)s") % {"owner": account.owner})
    parts.append(_("as of %(day)s") % {"day": day(today)})
    return " · ".join(parts)


def figures(review: AccountReview) -> list[list[str]]:
    rows = [
        [_("Revenue"), format_money(review.revenue, review.currency)],
        [_("Gross profit"), format_money(review.gross_profit, review.currency)],
        [_("Margin"), percent(review.margin)],
    ]
    if review.period:
        rows.append(
            [
                _("Period"),
                f"{day(review.period.date_from)} – {day(review.period.date_to)}",
            ]
        )
    return rows


def goals(review: AccountReview) -> list[list[str]]:
    result = []
    for goal, progress in review.goals:
        note = progress.reason or ""
        if progress.percent is not None and progress.behind_pace:
            note = _("behind pace")
        result.append([goal.title, percent(progress.percent), note])
    return result


def risks(review: AccountReview) -> list[list[str]]:
    return [[risk.label, risk.message] for risk in review.risks]


def overdue(review: AccountReview) -> list[list[str]]:
    return [
        [action.title, day(action.due_on), str(action.owner) if action.owner else "–"]
        for action in review.overdue
    ]


def requests(review: AccountReview) -> list[list[str]]:
    return [[request_text(request)] for request in review.requests]


def checkpoints(review: AccountReview) -> list[dict]:
    """Each last checkpoint: a heading line and its elements' rows."""
    trends = {"up": _("improving"), "down": _("declining"), "flat": _("steady")}
    result = []
    for c in review.checkpoints:
        heading = " · ".join(
            filter(
                None,
                [
                    str(c.kind_label),
                    formats.date_format(c.checkpoint.period_start, "SHORT_DATE_FORMAT"),
                    _("average %(average)s of 5")
                    % {"average": format_number(c.average, places=1) if c.average else "–"},
                    str(trends.get(c.trend, "")),
                ],
            )
        )
        rows = [
            [
                str(e.label) + (f" ({_('weakest')})" if e.weakest else ""),
                format_number(e.average, places=1),
                format_number(e.spread, places=1),
                f"{e.low}–{e.high}",
            ]
            for e in c.elements
        ]
        result.append({"heading": heading, "rows": rows})
    return result


def element_header() -> list[str]:
    return [_("Element"), _("Average"), _("Spread"), _("Range")]
