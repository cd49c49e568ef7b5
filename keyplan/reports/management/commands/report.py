"""`keyplan report monthly`: the monthly strategic action report from the command line.

    keyplan report monthly --account ID --month YYYY-MM [--format pdf|html] [--output FILE]
                           [--language en|ru|pl]
    keyplan report monthly --draft-all [--month YYYY-MM]
    keyplan report board --format pptx|pdf [--output FILE] [--user USERNAME]

The first writes the account's latest report of the month (drafting it first if there is
none) as a PDF or HTML file (HTML to stdout without --output). The second drafts the
month's report (default: the last full month) for every account with a current plan and
every strategic account; run it from cron on the 1st. Running it again creates nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.portfolio.management import system_user
from keyplan.reports.board.cli import add_board_parser, run_board
from keyplan.reports.monthly.domain import MonthError, last_full_month, parse_month
from keyplan.reports.monthly.pdf import render_html, render_pdf
from keyplan.reports.monthly.selectors import latest_report
from keyplan.reports.monthly.services import report_draft, report_draft_all


class Command(BaseCommand):
    help = (
        "Reports: monthly — the monthly strategic action report of an account (PDF or "
        "HTML); board — the board pack of the portfolio (PPTX or PDF)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        monthly = sub.add_parser("monthly", help="The monthly strategic action report.")
        monthly.add_argument("--account", help="The account's id or external id.")
        monthly.add_argument("--month", help="YYYY-MM (default with --draft-all: last month).")
        monthly.add_argument("--format", choices=["pdf", "html"], default="pdf")
        monthly.add_argument("--output", help="The file to write (HTML: stdout without it).")
        monthly.add_argument("--language", choices=["en", "ru", "pl"], default="en")
        monthly.add_argument(
            "--draft-all",
            action="store_true",
            help="Draft the month's report for every account with a plan or strategic.",
        )
        add_board_parser(sub)

    def handle(self, *args, **options) -> None:
        if options["report"] == "board":
            run_board(options, self.stdout.write)
            return
        today = timezone.localdate()
        month = self._month(options.get("month"), today)
        if options["draft_all"]:
            first = month or last_full_month(today)
            created = report_draft_all(month=first, today=today)
            self.stdout.write(
                _("%(month)s: %(count)s new drafts.")
                % {"month": f"{first:%Y-%m}", "count": created}
            )
            return
        if not options.get("account") or month is None:
            raise CommandError(_("give --account and --month (or --draft-all)."))
        account = self._account(options["account"])
        report = latest_report(account, month)
        if report is None:
            report, _created = report_draft(account=account, month=month, today=today)
            self.stderr.write(
                _("Drafted version %(version)s of %(month)s.")
                % {"version": report.version, "month": f"{month:%Y-%m}"}
            )
        self._write(report, options)

    def _month(self, text: str | None, today):
        if not text:
            return None
        try:
            return parse_month(text, today=today)
        except MonthError:
            raise CommandError(
                "--month: "
                + _("“%(value)s” is not a month (YYYY-MM) up to this one.") % {"value": text}
            ) from None

    def _account(self, ref: str):
        accounts = visible_accounts(system_user())
        account = None
        if ref.isdigit() and int(ref) < 2**63:
            account = accounts.filter(pk=int(ref)).first()
        account = account or accounts.filter(external_id=ref).first()
        if account is None:
            raise CommandError("--account: " + _("no account “%(ref)s”.") % {"ref": ref})
        return account

    def _write(self, report, options) -> None:
        language, output = options["language"], options.get("output")
        if options["format"] == "html":
            html = render_html(report, language)
            if output:
                Path(output).write_text(html, encoding="utf-8")
            else:
                self.stdout.write(html)
                return
        else:
            if not output:
                raise CommandError("--output: " + _("give the file to write the PDF to."))
            Path(output).write_bytes(render_pdf(report, language))
        state = report.get_state_display()
        message = _("%(account)s, %(month)s, version %(version)s (%(state)s): wrote %(file)s") % {
            "account": report.account.name,
            "month": f"{report.month:%Y-%m}",
            "version": report.version,
            "state": state,
            "file": output,
        }
        self.stdout.write(message)
