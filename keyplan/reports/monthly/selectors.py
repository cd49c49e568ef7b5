"""Reads of the monthly reports: an account's reports, one report under the access rule,
the reports shared to the customer portal, and the accounts drafted each month."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.accounts.models import Account, AccountClass, Contact
from keyplan.core.web import parse_pk
from keyplan.plans.models import CURRENT_STATES

from ..models import MonthlyReport, ReportState


def shared_reports(account: Account) -> QuerySet[MonthlyReport]:
    """The issued reports of `account` shared to the customer portal, newest month first
    (the portal's public read; it applies its own access rule to `account`)."""
    return (
        MonthlyReport.objects.filter(
            account=account, state=ReportState.ISSUED, shared_with_portal=True
        )
        .select_related("account", "issued_by")
        .order_by("-month", "-version")
    )


def account_reports(account: Account) -> QuerySet[MonthlyReport]:
    """Every report and version of the account, newest month and version first."""
    return (
        MonthlyReport.objects.filter(account=account)
        .select_related("issued_by", "created_by")
        .order_by("-month", "-version")
    )


def month_versions(report: MonthlyReport) -> list[MonthlyReport]:
    """The versions of the report's month, newest first."""
    return list(
        MonthlyReport.objects.filter(account_id=report.account_id, month=report.month)
        .select_related("issued_by")
        .order_by("-version")
    )


def latest_report(account: Account, month: date) -> MonthlyReport | None:
    return MonthlyReport.objects.filter(account=account, month=month).order_by("-version").first()


def report_for_user(
    user, pk: object, *, write: bool = False
) -> tuple[MonthlyReport, AccountAccess]:
    """The report `pk` through its account's access rule: Http404 alike for a missing
    report and one of an account `user` may not see; PermissionDenied for a read-only
    user asking to write."""
    report_pk = parse_pk(pk)
    account_id = (
        MonthlyReport.objects.filter(pk=report_pk).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    report = (
        MonthlyReport.objects.select_related("issued_by", "shared_by", "created_by")
        .filter(pk=report_pk)
        .first()
    )
    if report is None:  # deleted in between
        raise Http404
    report.account = access.account
    return report, access


def accounts_to_draft() -> QuerySet[Account]:
    """The accounts that get a report each month: those with a current plan, and the
    strategic ones."""
    return (
        Account.objects.filter(
            Q(plans__state__in=CURRENT_STATES) | Q(account_class=AccountClass.STRATEGIC)
        )
        .distinct()
        .order_by("pk")
    )


def email_contacts(account: Account) -> QuerySet[Contact]:
    """The account's people a report may be e-mailed to: those with an address."""
    return (
        Contact.objects.filter(account=account, erased_at__isnull=True)
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
    )
