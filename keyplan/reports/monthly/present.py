"""A stored report made ready for a template in the active language: the JSON content's
codes as translated labels, its dates as dates and its amounts as Decimals (so that the
templates' `date` and `money` filters format them for the language), the chart as SVG,
and the company's name, logo and colour."""

from __future__ import annotations

import base64
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from keyplan.plans.models import ActionStatus, GoalMetric, GoalStatus
from keyplan.stakeholders.models import InteractionKind

from ..models import MonthlyReport, ReportSettings
from ..validators import image_type
from .svg import revenue_chart

DEFAULT_COLOUR = "#1f4e79"
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def language_or_default(language: str | None) -> str:
    code = (language or "").split("-")[0]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE.split("-")[0]


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _action(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "status_label": _label(ActionStatus, row.get("status", "")),
        "due": _date(row.get("due_on")),
        "completed": _date(row.get("completed_on")),
    }


def _goal(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "metric_label": _label(GoalMetric, row.get("metric", "")),
        "status_label": _label(GoalStatus, row.get("status", "")),
        "target_value": _decimal(row.get("target")),
        "actual_value": _decimal(row.get("actual")),
        "percent_value": _decimal(row.get("percent")),
        "is_money": row.get("metric") in (GoalMetric.REVENUE, GoalMetric.GROSS_PROFIT),
        "deadline_date": _date(row.get("deadline")),
    }


def _meeting(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "day": _date(row["date"]), "kind_label": _label(InteractionKind, row["kind"])}


def _kpi(label: str, line: dict[str, Any]) -> dict[str, Any]:
    return {"label": label, **{key: _decimal(value) for key, value in line.items()}}


def logo_data_uri(current: ReportSettings) -> str:
    """The logo inline (data: URI), so the PDF needs no fetch and the page no media URL."""
    if not current.logo:
        return ""
    try:
        with current.logo.open("rb") as file:
            data = file.read()
    except (OSError, ValueError):  # the file is gone from the storage
        return ""
    mime = image_type(data[:16])
    if mime is None:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def report_view(report: MonthlyReport, *, branding: ReportSettings | None = None) -> dict:
    """The template context of `report` in the active language."""
    branding = branding or ReportSettings.current()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", branding.primary_colour or ""):
        branding.primary_colour = DEFAULT_COLOUR  # it goes into CSS: never anything else
    content = report.content or {}
    done = content.get("done", {})
    kpis = content.get("kpis", {})
    sales = kpis.get("sales") or {}
    chart = sales.get("chart") or []
    has_sales = any(Decimal(r["revenue"]) or Decimal(r["revenue_last_year"]) for r in chart)
    chart_svg = revenue_chart(
        chart,
        colour=branding.primary_colour,
        labels=(_("Revenue"), _("Revenue a year earlier")),
        title=_("Revenue per month over the last twelve months, beside a year earlier"),
    )
    return {
        "report": report,
        "account_name": content.get("account", {}).get("name", report.account.name),
        "month": report.month,
        "done_actions": [_action(r) for r in done.get("actions", [])],
        "meetings": [_meeting(r) for r in done.get("meetings", [])],
        "goals": [_goal(r) for r in done.get("goals", [])],
        "next_actions": [_action(r) for r in content.get("next", {}).get("actions", [])],
        "currency": sales.get("currency", ""),
        "missing_rates": sales.get("missing_rates", []),
        "kpis": [
            _kpi(_("Revenue"), sales["revenue"]),
            _kpi(_("Gross profit"), sales["gross_profit"]),
        ]
        if "revenue" in sales
        else [],
        "health": kpis.get("health"),
        "satisfaction": kpis.get("satisfaction"),
        "chart_svg": mark_safe(chart_svg) if has_sales else "",  # noqa: S308 - built escaped
        "branding": branding,
        "logo": logo_data_uri(branding),
    }
