"""The board pack's texts and table cells in the active language, shared by the PPTX and
the PDF so both say the same: each section as a title, a header and rows of strings
(money and numbers formatted and rounded half up only here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from keyplan.core.money import format_money, format_number

from . import domain


@dataclass
class Section:
    key: str
    title: str
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""
    summary: str = ""


def percent(value: Decimal | int | None) -> str:
    return "–" if value is None else f"{format_number(Decimal(value), places=1)}%"


def score(value: int | None) -> str:
    return "–" if value is None else format_number(value)


def trend(value: str) -> str:
    return {"up": "↑", "down": "↓", "flat": "→"}.get(value, "")


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def period_text(content: domain.BoardContent) -> str:
    return _("%(start)s to %(end)s") % {
        "start": day(content.period_start),
        "end": day(content.period_end),
    }


def generated_text(content: domain.BoardContent) -> str:
    return _("Generated %(when)s") % {
        "when": formats.date_format(content.generated_at, "SHORT_DATETIME_FORMAT")
    }


def pareto_summary(content: domain.BoardContent) -> str:
    return _(
        "%(head)s of %(all)s accounts make %(share)s of the revenue; the top %(bars)s shown."
    ) % {
        "head": format_number(content.pareto_head),
        "all": format_number(content.pareto_analysed),
        "share": percent(content.pareto_threshold * 100),
        "bars": format_number(len(content.pareto)),
    }


def whale_summary(content: domain.BoardContent) -> str:
    whale = content.whale
    if whale is None or not whale.accounts:
        return _("No account has money in the period.")
    return _(
        "Peak %(peak)s after %(peak_accounts)s of %(accounts)s accounts; total %(total)s; "
        "%(destroyers)s accounts destroy value."
    ) % {
        "peak": format_money(whale.peak, content.currency),
        "peak_accounts": format_number(whale.peak_accounts),
        "accounts": format_number(whale.accounts),
        "total": format_money(whale.total, content.currency),
        "destroyers": format_number(whale.destroyers),
    }


def classes(content: domain.BoardContent) -> Section:
    return Section(
        "classes",
        _("Account classes and their movement"),
        [_("Class"), _("Accounts"), _("Moved in"), _("Moved out")],
        [
            [c.label, format_number(c.count), format_number(c.moved_in), format_number(c.moved_out)]
            for c in content.classes
        ],
    )


def moves(content: domain.BoardContent) -> Section:
    return Section(
        "moves",
        _("Account classes and their movement"),
        [_("Account"), _("Before"), _("After")],
        [[m.name, m.before, m.after] for m in content.moves],
        empty=_("No account changed class at the last classification."),
    )


def strategic(content: domain.BoardContent) -> Section:
    return Section(
        "strategic",
        _("Strategic accounts"),
        [_("Account"), _("Revenue"), _("Contribution"), _("Health"), _("Plan completeness")],
        [
            [
                row.name,
                format_money(row.revenue, content.currency),
                format_money(row.contribution, content.currency),
                score(row.health),
                percent(row.completeness),
            ]
            for row in content.strategic
        ],
        empty=_("No strategic account."),
    )


def warnings(content: domain.BoardContent) -> Section:
    return Section(
        "warnings",
        _("Top risks and warnings"),
        [_("Account"), _("Severity"), _("Warning"), _("What it says"), _("At stake")],
        [
            [r.account, r.severity, r.kind, r.message, format_money(r.money, content.currency)]
            for r in content.warnings
        ],
        empty=_("No early warning."),
        summary=_("%(shown)s of %(count)s warnings, by money at stake.")
        % {"shown": len(content.warnings), "count": content.warning_count},
    )


def _decision_rows(rows: list[domain.DecisionRow]) -> list[list[str]]:
    return [[r.account, r.title, r.amount, r.status, day(r.when)] for r in rows]


def decisions(content: domain.BoardContent) -> list[Section]:
    header = [_("Account"), _("What for"), _("Amount"), _("Status"), _("Decided")]
    return [
        Section(
            "decisions",
            _("Resource decisions"),
            header,
            _decision_rows(content.decisions),
            empty=_("No resource decision yet."),
        ),
        Section(
            "pending",
            _("Resource requests waiting for a decision"),
            header,
            _decision_rows(content.pending),
            empty=_("No request waiting for a decision."),
        ),
    ]


def alignment(content: domain.BoardContent) -> Section:
    def average(value: Decimal | None) -> str:
        return "–" if value is None else format_number(value, places=1)

    return Section(
        "alignment",
        _("Alignment trend"),
        [_("Account"), _("SAA average"), _("Trend"), _("7S average"), _("Trend")],
        [
            [r.name, average(r.saa), trend(r.saa_trend), average(r.seven_s), trend(r.seven_s_trend)]
            for r in content.alignment
        ],
        empty=_("No alignment checkpoint answered yet."),
    )


def alignment_chart(
    content: domain.BoardContent,
) -> tuple[list[str], dict[str, Sequence[Decimal | None]]] | None:
    """The alignment over the recorded periods as (period labels, {series name: averages,
    None where nobody answered}); None while fewer than two periods are recorded (no
    line to draw: the table says it all)."""
    history = content.alignment_history
    if len(history) < 2:
        return None
    return [day(point.period) for point in history], {
        _("SAA average"): [point.saa for point in history],
        _("7S average"): [point.seven_s for point in history],
    }


def alignment_summary(content: domain.BoardContent) -> str:
    return _(
        "The mean alignment score (1–5) of the accounts answered in each period, "
        "from %(first)s to %(last)s."
    ) % {
        "first": day(content.alignment_history[0].period),
        "last": day(content.alignment_history[-1].period),
    }


# --- a strategic account ----------------------------------------------------------------


def account_title(slide: domain.AccountSlide) -> str:
    title = f"{slide.name} · {slide.class_label}"
    return f"{title} · {slide.owner}" if slide.owner else title


def pnl_header() -> list[str]:
    return [_("Economics"), _("Last 12 months")]


def pnl_rows(slide: domain.AccountSlide, currency: str) -> list[list[str]]:
    margin = None if slide.contribution_margin is None else slide.contribution_margin * 100
    return [
        [_("Revenue"), format_money(slide.revenue, currency)],
        [_("Gross profit"), format_money(slide.gross_profit, currency)],
        [_("Cost to serve"), format_money(slide.cost_to_serve, currency)],
        [_("Contribution"), format_money(slide.contribution, currency)],
        [_("Contribution margin"), percent(margin)],
        [_("Health"), score(slide.health)],
        [_("Plan completeness"), percent(slide.completeness)],
    ]


def goal_header() -> list[str]:
    return [_("Goal"), _("Progress"), _("Note")]


def goal_rows(slide: domain.AccountSlide) -> list[list[str]]:
    return [[g.title, percent(g.percent), g.note] for g in slide.goals]


def side_lines(slide: domain.AccountSlide, currency: str) -> list[str]:
    """The right column: warnings, risks and asks, each under its heading."""
    lines = [_("Top warnings")]
    lines += [
        f"• {w.kind}: {w.message} ({format_money(w.money, currency)})" for w in slide.warnings
    ] or ["• " + _("No early warning.")]
    lines += ["", _("Top risks")]
    lines += [f"• {risk}" for risk in slide.risks] or [
        "• " + _("No relationship risk or competition alert.")
    ]
    lines += ["", _("Asks: open resource requests")]
    lines += [f"• {ask}" for ask in slide.asks] or ["• " + _("No request waiting for a decision.")]
    return lines
