"""The words of the early warnings, in the active language: each warning's message with
its figures, and the rules (what triggers a kind, what is at stake) shown on the pages.
Pure: no ORM."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keyplan.core.money import format_number

from . import domain
from .domain import HUNDRED, EarlyWarning, format_amount, format_percent


def _declining(warning: EarlyWarning) -> str:
    figures = warning.figures
    return _(
        "Orders are declining: %(recent)s in the last 3 months against %(before)s in the "
        "same months a year before (%(change)s)."
    ) % {
        "recent": format_amount(figures["recent"], warning.currency),
        "before": format_amount(figures["before"], warning.currency),
        "change": format_percent(figures["change"] * HUNDRED),
    }


def _margin(warning: EarlyWarning) -> str:
    figures = warning.figures
    return _(
        "Gross margin fell to %(recent)s in the last 6 months from %(before)s in the 6 "
        "before (%(points)s points)."
    ) % {
        "recent": format_percent(figures["recent"]),
        "before": format_percent(figures["before"]),
        "points": format_number(-figures["points"], places=1),
    }


def _payments(warning: EarlyWarning) -> str:
    figures = warning.figures
    parts = []
    if figures.get("overdue") is not None:
        parts.append(
            _("Payments are slipping: %(overdue)s of the %(open)s open is overdue (%(share)s).")
            % {
                "overdue": format_amount(figures["overdue"], warning.currency),
                "open": format_amount(figures["open"], warning.currency),
                "share": format_percent(figures["share"] * HUNDRED, 0),
            }
        )
    if figures.get("recent_days") is not None:
        parts.append(
            _("Days paid late rose to %(recent)s from %(before)s in the 6 months before.")
            % {
                "recent": format_number(figures["recent_days"], places=1),
                "before": format_number(figures["before_days"] or Decimal(0), places=1),
            }
        )
    return " ".join(parts)


def _plan(warning: EarlyWarning) -> str:
    figures = warning.figures
    parts = []
    if figures.get("days") is not None:
        parts.append(
            _("The account plan was last changed %(days)s days ago, on %(date)s.")
            % {
                "days": figures["days"],
                "date": date_format(figures["changed_on"], "SHORT_DATE_FORMAT"),
            }
        )
    if figures.get("completeness") is not None:
        parts.append(
            _("The account plan is only %(completeness)s complete (%(minimum)s expected).")
            % {
                "completeness": f"{figures['completeness']}%",
                "minimum": f"{domain.PLAN_COMPLETENESS_MIN}%",
            }
        )
    return " ".join(parts)


def message(warning: EarlyWarning) -> str:
    """What the warning says, with its figures, in the active language."""
    if warning.notes:
        return " ".join(warning.notes)
    writers = {
        domain.DECLINING_ORDERS: _declining,
        domain.MARGIN_EROSION: _margin,
        domain.PAYMENTS_SLIPPING: _payments,
        domain.STALE_PLAN: _plan,
    }
    writer = writers.get(warning.kind)
    return writer(warning) if writer else warning.kind_label


def _share(value: Decimal) -> str:
    return format_percent(value * HUNDRED, 0)


def rules() -> list[dict[str, str]]:
    """Each kind with what triggers it and how its money at stake is counted (the
    constants of `domain`), for the pages' "how warnings are ranked"."""
    return [*_money_rules(), *_people_rules()]


def _money_rules() -> list[dict[str, str]]:
    d = domain
    return [
        {
            "kind": d.DECLINING_ORDERS,
            "label": str(d.KIND_LABELS[d.DECLINING_ORDERS]),
            "when": _(
                "Revenue of the last 3 months at least %(share)s below the same months a "
                "year before (high from %(high)s)."
            )
            % {"share": _share(d.DECLINE_SHARE), "high": _share(d.DECLINE_HIGH)},
            "stake": _("The revenue lost, annualised: (a year before − last 3 months) × 4."),
        },
        {
            "kind": d.MARGIN_EROSION,
            "label": str(d.KIND_LABELS[d.MARGIN_EROSION]),
            "when": _(
                "Gross margin of the last 6 months at least %(points)s points below the 6 "
                "before (high from %(high)s)."
            )
            % {"points": d.MARGIN_POINTS, "high": d.MARGIN_POINTS_HIGH},
            "stake": _("The margin points lost × the revenue of the last 12 months."),
        },
        {
            "kind": d.PAYMENTS_SLIPPING,
            "label": str(d.KIND_LABELS[d.PAYMENTS_SLIPPING]),
            "when": _(
                "Overdue at least %(share)s of the open receivables (high from %(high)s), "
                "or days paid late up by %(days)s days or more (high from %(late)s days)."
            )
            % {
                "share": _share(d.OVERDUE_SHARE),
                "high": _share(d.OVERDUE_SHARE_HIGH),
                "days": d.LATE_DAYS_RISE,
                "late": d.LATE_DAYS_HIGH,
            },
            "stake": _("The overdue receivables."),
        },
    ]


def _people_rules() -> list[dict[str, str]]:
    d = domain
    shares = d.RELATIONSHIP_SHARES
    return [
        {
            "kind": d.COMPETITOR,
            "label": str(d.KIND_LABELS[d.COMPETITOR]),
            "when": _(
                "A competition alert: a competitor's support rising (high) or a competitor "
                "ahead on the customer's top criterion. One warning per competitor."
            ),
            "stake": _("%(share)s of the revenue of the last 12 months.")
            % {"share": _share(d.COMPETITOR_SHARE)},
        },
        {
            "kind": d.RELATIONSHIP,
            "label": str(d.KIND_LABELS[d.RELATIONSHIP]),
            "when": _(
                "A relationship risk: no link at all, a single thread, a key person without "
                "a strong link or not reached lately. One warning per person."
            ),
            "stake": _(
                "Of the gross profit of the last 12 months: %(unlinked)s for no link or a "
                "key person without a strong link, %(other)s for a single thread or a key "
                "person not reached lately."
            )
            % {"unlinked": _share(shares["key_unlinked"]), "other": _share(shares["key_stale"])},
        },
        {
            "kind": d.STALE_PLAN,
            "label": str(d.KIND_LABELS[d.STALE_PLAN]),
            "when": _(
                "The current plan not changed for more than %(days)s days (high from "
                "%(high)s) or less than %(minimum)s complete."
            )
            % {
                "days": d.STALE_PLAN_DAYS,
                "high": d.STALE_PLAN_HIGH_DAYS,
                "minimum": f"{d.PLAN_COMPLETENESS_MIN}%",
            },
            "stake": _("%(share)s of the gross profit of the last 12 months.")
            % {"share": _share(d.STALE_PLAN_SHARE)},
        },
    ]
