"""`keyplan health`: the accounts' health score from the command line, one account's
explanation, or recording a month's snapshots."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.economics.health.domain import Health
from keyplan.economics.health.selectors import (
    DEFAULT_SORT,
    SORTS,
    HealthFilters,
    HealthTable,
    account_health,
    health_table,
)
from keyplan.economics.health.services import record_month
from keyplan.economics.signals.selectors import facts_as_of, last_full_month, month_end
from keyplan.portfolio.management import OptionError, system_user, user_option

from .economics import find_account, sort_option

CSV_HEADER = ["account_id", "name", "class", "owner", "score", "previous", "change", "weakest"]


def month_option(text: str | None) -> date | None:
    """The first day of the month `text` (YYYY-MM); None when not given."""
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        first = date(year, month, 1)
    except ValueError:
        message = _("“%(value)s” is not a month (YYYY-MM).") % {"value": text}
        raise OptionError("month", message) from None
    if first > timezone.localdate():
        raise OptionError("month", _("%(month)s is in the future.") % {"month": text})
    return first


def _text(value: int | None) -> str:
    return "-" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "The accounts' health score (0-100) today, or at the end of --month, over the whole "
        "company unless --user is given: the score, the change against the previous "
        "month's recorded score and the weakest component; --account for one account's "
        "components (value, points, weight) and its monthly history. --record keeps every "
        "account's health at the end of --month (default: the last full month) as that "
        "month's snapshot, replacing one recorded before, and prints how many accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--account", metavar="ID_OR_EXTERNAL_ID", help="one account")
        parser.add_argument("--record", action="store_true", help="record a month's snapshots")
        parser.add_argument("--month", metavar="YYYY-MM", help="the month")
        parser.add_argument("--sort", help="score, change or name; '-' first for descending")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--user", metavar="USERNAME", help="show only what this user may see")

    def handle(self, *args, **options):
        try:
            month = month_option(options["month"])
            user = user_option(options["user"]) or system_user()
            sort = sort_option(options["sort"], SORTS, DEFAULT_SORT)
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        if options["record"]:
            self._record(month)
            return
        today = facts_as_of()
        as_of = today if month is None else facts_as_of(month_end(month))
        if options["account"]:
            self._account(find_account(user, options["account"]), as_of, options["format"])
            return
        table = health_table(user=user, filters=HealthFilters(sort=sort), as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(self._document(table), ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(CSV_HEADER)
            for item in self._document(table)["accounts"]:
                writer.writerow(["" if v is None else v for v in item.values()])
        else:
            self._table(table)

    def _record(self, month: date | None) -> None:
        month = month or last_full_month(timezone.localdate())
        count = record_month(month)
        self.stdout.write(
            _("Recorded the health of %(count)s accounts for %(month)s.")
            % {"count": count, "month": f"{month:%Y-%m}"}
        )

    def _document(self, table: HealthTable) -> dict:
        return {
            "as_of": table.as_of.isoformat(),
            "previous_month": f"{table.previous_month:%Y-%m}",
            "accounts": [
                {
                    "account_id": row.account_id,
                    "name": row.name,
                    "class": row.account_class,
                    "owner": row.owner,
                    "score": row.score,
                    "previous": row.previous,
                    "change": row.change,
                    "weakest": row.weakest.key if row.weakest else None,
                }
                for row in table.rows
            ],
        }

    def _table(self, table: HealthTable) -> None:
        w = self.stdout.write
        w(_("Health at %(day)s") % {"day": table.as_of.isoformat()})
        header = f"{_('Account'):<40} {_('Score'):>6} {_('Change'):>7}  {_('Weakest component')}"
        w(header)
        for row in table.rows:
            weakest = f"{row.weakest.label} ({row.weakest.points})" if row.weakest else "-"
            w(f"{row.name[:40]:<40} {_text(row.score):>6} {_text(row.change):>7}  {weakest}")
        if not table.rows:
            w(_("No open account."))

    def _account(self, account, as_of: date, fmt: str) -> None:
        detail = account_health(account=account, as_of=as_of)
        health: Health = detail.health
        if fmt in ("json", "csv"):
            components = [
                {
                    "key": c.key,
                    "value": c.value_text,
                    "points": c.points,
                    "weight": c.weight,
                    "share": None if (s := health.share(c)) is None else f"{s:.4f}",
                    "source": c.source_label,
                }
                for c in health.components
            ]
            if fmt == "csv":
                writer = csv.writer(self.stdout, lineterminator="\n")
                writer.writerow(["key", "value", "points", "weight", "share", "source"])
                for item in components:
                    writer.writerow(["" if v is None else v for v in item.values()])
                return
            document = {
                "account_id": account.pk,
                "name": account.name,
                "as_of": as_of.isoformat(),
                "score": health.score,
                "components": components,
                "history": [{"month": f"{m:%Y-%m}", "score": s} for m, s in detail.history],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(
            _("Health of %(name)s at %(day)s: %(score)s")
            % {"name": account.name, "day": as_of.isoformat(), "score": _text(health.score)}
        )
        for c in health.components:
            points = _text(c.points) if c.has_data else _("no data")
            w(f"  {c.label:<34} {points:>8} x{c.weight:<4} {c.value_text}")
        for month, score in detail.history:
            w(f"  {month:%Y-%m} {_text(score):>6}")
