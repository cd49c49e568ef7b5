"""`keyplan economics cash`: receivables per account from the command line."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.economics.cash.schemas import cash_out, money, text_or_none
from keyplan.economics.cash.selectors import (
    DEFAULT_SORT,
    SORTS,
    CashFilters,
    CashTable,
    account_cash_detail,
    cash_table,
)
from keyplan.portfolio.management import OptionError, system_user, user_option
from keyplan.sales.cash.domain import BUCKET_KEYS
from keyplan.sales.figures.domain import quantize

CSV_HEADER = [
    "external_id",
    "name",
    "class",
    "owner",
    "billed",
    "paid",
    "open",
    "overdue",
    *BUCKET_KEYS,
    "overdue_share",
    "dso",
    "days_late",
    "currency",
]


def _as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        message = _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}
        raise OptionError("as_of", message) from None
    if day > date.today():
        raise OptionError("as_of", _("%(day)s is in the future.") % {"day": day.isoformat()})
    return day


def sort_option(value: str | None, allowed: set[str], default: str) -> str:
    if not value:
        return default
    if value not in allowed:
        message = _("choose one of %(choices)s.") % {"choices": ", ".join(sorted(allowed))}
        raise OptionError("sort", message)
    return value


def find_account(user, ref: str):
    """The account `ref` (an id or an external id) among those `user` may see."""
    accounts = visible_accounts(user)
    account = (
        accounts.filter(pk=int(ref)).first() if ref.isdigit() and int(ref) < 2**63 else None
    ) or accounts.filter(external_id=ref).first()
    if account is None:
        raise CommandError("--account: " + _("no account “%(ref)s” (or not yours).") % {"ref": ref})
    return account


class Command(BaseCommand):
    help = (
        "Account economics, in the base currency, over the whole company unless --user is "
        "given (then over the accounts that user may see). `pnl`: revenue, gross profit, "
        "cost to serve (our people's time, service costs, cost of money) and contribution "
        "per account over whole months (--from/--to YYYY-MM; default the 12 months up to "
        "the latest invoice); --account for one account month by month. `whale`: the "
        "accounts ranked by contribution with the cumulative share, the peak and what the "
        "loss-making accounts destroy. `cash`: open and overdue receivables, ageing "
        "(current, 1-30, 31-60, 61-90, over 90 days past due), DSO and amount-weighted days "
        "paid late at a date (--as-of; default the last day of the payment data); "
        "--account for one account with its 12-month trend. `kpis`: the key-account KPIs "
        "per year against the targets (--year YYYY: that year and the three before it; "
        "--from/--to YYYY: those years)."
    )

    def add_arguments(self, parser):
        parser.add_argument("view", choices=["pnl", "whale", "cash", "kpis"], help="what to show")
        parser.add_argument("--account", metavar="ID_OR_EXTERNAL_ID", help="one account")
        parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="cash: the date")
        parser.add_argument("--year", metavar="YYYY", help="kpis: the last year shown")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM", help="first month")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM", help="last month")
        parser.add_argument(
            "--sort",
            help="a column to order by, '-' first for descending (cash: -overdue; "
            "pnl: -contribution)",
        )
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--user", metavar="USERNAME", help="show only what this user may see")

    def handle(self, *args, **options):
        if options["view"] == "kpis":
            from keyplan.economics.management.kpis_output import run_kpis

            run_kpis(self, options)
            return
        if options["view"] in ("pnl", "whale"):
            from keyplan.economics.management.pnl_output import run_pnl

            run_pnl(self, options)
            return
        try:
            user = user_option(options["user"]) or system_user()
            as_of = _as_of(options["as_of"])
            sort = sort_option(options["sort"], SORTS, DEFAULT_SORT)
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        options["sort"] = sort
        if options["account"]:
            self._account(user, options["account"], as_of, options["format"])
            return
        table = cash_table(user=user, filters=CashFilters(as_of=as_of, sort=options["sort"]))
        if options["format"] == "json":
            document = {
                "as_of": None if table.as_of is None else table.as_of.isoformat(),
                "currency": table.currency,
                "missing_rates": table.missing_rates,
                "total": cash_out(table.total),
                "accounts": [
                    {
                        "account_id": row.account_id,
                        "external_id": row.external_id,
                        "name": row.name,
                        "class": row.account_class,
                        "owner": row.owner,
                        "cash": cash_out(row.cash),
                    }
                    for row in table.rows
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            self._csv(table)
        else:
            self._table(table)

    def _account(self, user, ref: str, as_of: date | None, fmt: str) -> None:
        account = find_account(user, ref)
        detail = account_cash_detail(account=account, as_of=as_of)
        if fmt == "json":
            document = {
                "account_id": account.pk,
                "name": account.name,
                "as_of": None if detail.as_of is None else detail.as_of.isoformat(),
                "currency": detail.currency,
                "missing_rates": detail.missing_rates,
                "cash": None if detail.cash is None else cash_out(detail.cash),
                "trend": [
                    {
                        "day": p.day.isoformat(),
                        "open": money(p.open),
                        "overdue": money(p.overdue),
                        "dso": text_or_none(p.dso),
                        "days_late": text_or_none(p.days_late),
                    }
                    for p in detail.trend
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if detail.cash is None:
            self.stdout.write(_("No payment items for this account."))
            return
        w = self.stdout.write
        w(
            _("Cash of %(name)s at %(day)s, in %(currency)s")
            % {"name": account.name, "day": detail.as_of, "currency": detail.currency}
        )
        cash = detail.cash
        for label, value in [
            (_("Open"), f"{quantize(cash.open):,.2f}"),
            (_("Overdue"), f"{quantize(cash.overdue):,.2f}"),
            *[(key, f"{quantize(cash.buckets[key]):,.2f}") for key in BUCKET_KEYS],
            (_("DSO, days"), text_or_none(cash.dso) or "-"),
            (_("Days paid late"), text_or_none(cash.days_late) or "-"),
        ]:
            w(f"  {label:<16} {value:>18}")
        w("")
        w(f"  {_('Month end'):<12} {_('Open'):>18} {_('Overdue'):>18} {'DSO':>8}")
        for p in detail.trend:
            dso = text_or_none(p.dso) or "-"
            amounts = f"{quantize(p.open):>18,.2f} {quantize(p.overdue):>18,.2f}"
            w(f"  {p.day.isoformat():<12} {amounts} {dso:>8}")

    def _csv(self, table: CashTable) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in table.rows:
            cash = row.cash
            writer.writerow(
                [
                    row.external_id,
                    row.name,
                    row.account_class,
                    row.owner,
                    *[
                        money(quantize(v))
                        for v in (cash.billed, cash.paid, cash.open, cash.overdue)
                    ],
                    *[money(quantize(cash.buckets[key])) for key in BUCKET_KEYS],
                    text_or_none(cash.overdue_share) or "",
                    text_or_none(cash.dso) or "",
                    text_or_none(cash.days_late) or "",
                    table.currency,
                ]
            )

    def _table(self, table: CashTable) -> None:
        w = self.stdout.write
        if table.as_of is None:
            w(_("No payment items yet: import payments first (keyplan import payments FILE)."))
            return
        w(
            _("Receivables at %(day)s, in %(currency)s")
            % {"day": table.as_of.isoformat(), "currency": table.currency}
        )
        header = [_("Account"), _("Open"), _("Overdue"), _("Over 90 days"), "DSO", _("Days late")]
        widths = (-40, 16, 16, 16, 8, 9)
        cells = zip(header, widths, strict=True)
        w(" ".join(f"{text:<{-n}}" if n < 0 else f"{text:>{n}}" for text, n in cells))
        for row in [*table.rows, None]:
            if row is None:
                name, cash = _("Total"), table.total
            else:
                name, cash = row.name[:40], row.cash
            w(
                f"{name:<40} {quantize(cash.open):>16,.2f} {quantize(cash.overdue):>16,.2f} "
                f"{quantize(cash.buckets['over_90']):>16,.2f} {text_or_none(cash.dso) or '-':>8} "
                f"{text_or_none(cash.days_late) or '-':>9}"
            )
        if table.missing_rates:
            w(
                _("No exchange rate for %(codes)s: left out of the figures.")
                % {"codes": ", ".join(table.missing_rates)}
            )
