"""`keyplan time-allocation`: selling time by account class per person and team vs the norms."""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyplan.portfolio.management import OptionError, system_user, user_option
from keyplan.stakeholders.selling import domain, selectors

CLASSES = domain.CLASSES


def _date(value: str | None, flag: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{flag}: “{value}” is not a date; write it as YYYY-MM-DD.") from None


def _percent(value) -> str:
    return f"{value * 100:.1f}%"


def _json_row(row: domain.Allocation) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "minutes": dict(row.minutes),
        "total_minutes": row.total,
        "hours": str(row.hours),
        "shares": {cls: str(round(value, 4)) for cls, value in row.shares.items()},
        "deviations": {
            d.account_class: {
                "share": str(round(d.share, 2)),
                "norm": str(d.norm),
                "deviation": str(round(d.deviation, 2)),
                "flagged": d.flagged,
            }
            for d in row.deviations
        },
        "hunting_instead_of_farming": row.hunting_instead_of_farming,
    }


class Command(BaseCommand):
    help = (
        "Selling-time allocation: the minutes logged in time entries in a period (default: the "
        "365 days up to today), summed by the account's CURRENT class, per person, per team "
        "(business unit) and over all, with the shares against the norms (strategic, regular, "
        "prospects with suspects) and the “hunting instead of farming” flag: prospects above "
        "their norm plus the tolerance, or strategic below its norm minus the tolerance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", metavar="USERNAME", help="only this person's time")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        parser.add_argument("--team", metavar="CODE", help="a business unit's code")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        try:
            person = user_option(options["user"])
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        try:
            report = selectors.time_allocation(
                user=system_user(),
                date_from=_date(options["date_from"], "--from"),
                date_to=_date(options["date_to"], "--to"),
                user_id=person.pk if person else None,
                team=options["team"] or None,
            )
        except ValidationError as exc:
            messages = [
                f"--{field.replace('_', '-').replace('date-', '')}: {msg}"
                for field, errors in exc.message_dict.items()
                for msg in errors
            ]
            raise CommandError("; ".join(messages)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(self._json(report), ensure_ascii=False, indent=2))
            return
        self._table(report)

    def _json(self, report: selectors.AllocationReport) -> dict:
        norms = report.norms
        return {
            "date_from": report.date_from.isoformat(),
            "date_to": report.date_to.isoformat(),
            "norms": {
                "strategic": str(norms.strategic),
                "regular": str(norms.regular),
                "prospect": str(norms.prospect),
                "tolerance": str(norms.tolerance),
            },
            "overall": _json_row(report.overall),
            "teams": [_json_row(row) for row in report.teams],
            "people": [_json_row(row) for row in report.people],
        }

    def _table(self, report: selectors.AllocationReport) -> None:
        norms = report.norms
        self.stdout.write(
            f"Selling time {report.date_from.isoformat()} – {report.date_to.isoformat()}; "
            f"norms: strategic {norms.strategic}%, regular {norms.regular}%, "
            f"prospects {norms.prospect}% (± {norms.tolerance} points)"
        )
        if not report.people:
            self.stdout.write("No time logged in the period.")
            return
        rows: list[tuple[str, ...]] = [
            ("PERSON/TEAM", "HOURS", *[c.upper() for c in CLASSES], "FLAG")
        ]
        for kind, items in (("", report.people), ("team: ", report.teams), ("", [report.overall])):
            for item in items:
                rows.append(
                    (
                        kind + (item.label or "-"),
                        str(item.hours),
                        *[_percent(item.shares[c]) for c in CLASSES],
                        "hunting instead of farming" if item.hunting_instead_of_farming else "",
                    )
                )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
