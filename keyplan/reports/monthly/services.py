"""Writes of the monthly reports: draft (idempotent), refresh a draft's figures, edit the
texts, issue, share to the portal, e-mail to the account's people.

An issued report is frozen: its content and texts never change. Editing an issued report
starts the next draft version of its month (with the edited texts and fresh figures);
only the latest version of a month can be edited so.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyplan.accounts.access import can_write_account
from keyplan.accounts.models import Account, Contact
from keyplan.core.errors import check_seen

from ..models import MonthlyReport, ReportState
from . import domain
from .content import report_content
from .pdf import pdf_filename, render_pdf
from .selectors import accounts_to_draft

__all__ = [
    "render_pdf",
    "report_draft",
    "report_draft_all",
    "report_draft_now",
    "report_email",
    "report_issue",
    "report_refresh",
    "report_share",
    "report_update_texts",
]

TEXT_FIELDS = ("summary", "highlights", "asks")


def _require_write(user, account: Account) -> None:
    if not can_write_account(user, account):
        raise PermissionDenied


def _lock(account: Account) -> None:
    """Serialise the writes of one account's reports (two drafts at once make one)."""
    Account.objects.select_for_update().filter(pk=account.pk).first()


def _new_version(account: Account, month: date, *, user, today: date | None, **texts: str):
    existing = [
        domain.VersionState(v, s == ReportState.ISSUED)
        for v, s in MonthlyReport.objects.filter(account=account, month=month).values_list(
            "version", "state"
        )
    ]
    return MonthlyReport.objects.create(
        account=account,
        month=month,
        version=domain.next_version(existing),
        content=report_content(account, month, today=today),
        generated_at=timezone.now(),
        created_by=user,
        **texts,
    )


def report_draft(
    *, account: Account, month: date, user=None, today: date | None = None
) -> tuple[MonthlyReport, bool]:
    """The account's report on `month` (the first day): the latest version if one exists
    (nothing is written), else a new draft. Returns (report, created): running it twice
    creates nothing new. No access check: the monthly task and the command line call it."""
    month = month.replace(day=1)
    try:
        with transaction.atomic():
            _lock(account)
            latest = (
                MonthlyReport.objects.filter(account=account, month=month)
                .order_by("-version")
                .first()
            )
            if latest is not None:
                return latest, False
            return _new_version(account, month, user=user, today=today), True
    except IntegrityError:  # another worker drafted it in between
        found = MonthlyReport.objects.filter(account=account, month=month).order_by("-version")
        return found.first() or _raise_conflict(), False


def _raise_conflict() -> NoReturn:
    raise ValidationError(_("The report was changed at the same time; try again."))


def report_draft_all(*, month: date, today: date | None = None) -> int:
    """Draft `month`'s report for every account with a current plan or strategic; how many
    were created (0 when run again)."""
    created = 0
    for account in accounts_to_draft():
        _report, new = report_draft(account=account, month=month, today=today)
        created += int(new)
    return created


def report_draft_now(
    *, user, account: Account, month: date, today: date | None = None
) -> MonthlyReport:
    """The "Draft now" button: the month's draft with fresh figures. A draft of the month
    is refreshed; after an issued version the next draft version starts (keeping its
    texts); without any, the first draft is created."""
    _require_write(user, account)
    month = month.replace(day=1)
    with transaction.atomic():
        _lock(account)
        latest = MonthlyReport.objects.filter(account=account, month=month).order_by("-version")
        current = latest.first()
        if current is None:
            return _new_version(account, month, user=user, today=today)
        if not current.is_issued:
            return _refresh(current, today=today)
        texts = {name: getattr(current, name) for name in TEXT_FIELDS}
        return _new_version(account, month, user=user, today=today, **texts)


def _refresh(report: MonthlyReport, *, today: date | None) -> MonthlyReport:
    report.content = report_content(report.account, report.month, today=today)
    report.generated_at = timezone.now()
    report.save(update_fields=["content", "generated_at", "updated_at"])
    return report


def _require_draft(report: MonthlyReport) -> None:
    if report.is_issued:
        raise ValidationError(_("This report is issued: it can no longer change."))


def report_refresh(*, user, report: MonthlyReport, today: date | None = None) -> MonthlyReport:
    """Gather a draft's figures again from the data."""
    _require_write(user, report.account)
    with transaction.atomic():
        current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        current.account = report.account
        _require_draft(current)
        return _refresh(current, today=today)


def report_update_texts(
    *,
    user,
    report: MonthlyReport,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
    today: date | None = None,
) -> MonthlyReport:
    """Save the KAM's texts. A draft changes in place (ConflictError if someone saved it
    after `seen_updated_at`); an issued report stays as it is and the next draft version
    of its month starts with these texts. Returns the draft that holds them."""
    _require_write(user, report.account)
    texts = {name: str(data.get(name, "") or "") for name in TEXT_FIELDS}
    with transaction.atomic():
        _lock(report.account)
        current = MonthlyReport.objects.select_for_update().filter(pk=report.pk).first()
        check_seen(current, seen_updated_at)
        if current is None:
            _raise_conflict()
        current.account = report.account
        if not current.is_issued:
            for name, value in texts.items():
                setattr(current, name, value)
            current.save(update_fields=[*TEXT_FIELDS, "updated_at"])
            return current
        newer = MonthlyReport.objects.filter(
            account_id=current.account_id, month=current.month, version__gt=current.version
        )
        if newer.exists():
            raise ValidationError(
                _("A newer version of this report exists: edit that one instead.")
            )
        return _new_version(current.account, current.month, user=user, today=today, **texts)


def report_issue(*, user, report: MonthlyReport) -> MonthlyReport:
    """Issue a draft: from now on it never changes."""
    _require_write(user, report.account)
    with transaction.atomic():
        current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        current.account = report.account
        _require_draft(current)
        current.state = ReportState.ISSUED
        current.issued_at = timezone.now()
        current.issued_by = user
        current.save(update_fields=["state", "issued_at", "issued_by", "updated_at"])
        return current


def report_share(*, user, report: MonthlyReport, shared: bool) -> MonthlyReport:
    """Share an issued report to the customer portal (or stop sharing it). Sharing a
    version stops sharing the month's other versions: the customer sees one per month."""
    _require_write(user, report.account)
    with transaction.atomic():
        current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        current.account = report.account
        if not current.is_issued:
            raise ValidationError(_("Only an issued report can be shared."))
        if shared:
            for other in MonthlyReport.objects.filter(
                account_id=current.account_id, month=current.month, shared_with_portal=True
            ).exclude(pk=current.pk):
                other.shared_with_portal = False
                other.save(update_fields=["shared_with_portal", "updated_at"])
        current.shared_with_portal = shared
        current.shared_at = timezone.now() if shared else None
        current.shared_by = user if shared else None
        current.save(update_fields=["shared_with_portal", "shared_at", "shared_by", "updated_at"])
        return current


def report_email(
    *,
    user,
    report: MonthlyReport,
    contacts: list[Contact],
    message: str,
    language: str | None,
) -> int:
    """E-mail an issued report's PDF to `contacts` of its account (one message, each of
    them in To); how many addresses it went to."""
    _require_write(user, report.account)
    if not report.is_issued:
        raise ValidationError(_("Issue the report before sending it."))
    addresses = [c.email for c in contacts if c.account_id == report.account_id and c.email]
    if not addresses:
        raise ValidationError({"contacts": [_("Choose at least one person with an e-mail.")]})
    from django.utils import translation

    from .present import language_or_default

    code = language_or_default(language)
    pdf = render_pdf(report, code)
    with translation.override(code):
        subject = _("Monthly report: %(name)s, %(month)s") % {
            "name": report.account.name,
            "month": report.month.strftime("%Y-%m"),
        }
    email = EmailMessage(
        subject=subject,
        body=message,
        to=addresses,
        reply_to=[user.email] if getattr(user, "email", "") else None,
    )
    email.attach(pdf_filename(report), pdf, "application/pdf")
    email.send()
    return len(addresses)
