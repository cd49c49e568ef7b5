"""Helpers for the portal tests."""

from __future__ import annotations

from keyplan.portal.sharing.services import section_set, sharing_set_level


def share(world, *sections: str, level: str = "strategic", account=None) -> None:
    account = account or world.account
    sharing_set_level(
        user=world.owner if account == world.account else world.admin, account=account, level=level
    )
    for section in sections:
        section_set(user=world.admin, account=account, section=section, shared=True)


def issued_report(world, *, shared: bool = True, account=None, month: int = 3):
    """An issued monthly report of the account (shared to the portal unless told)."""
    from datetime import date

    from keyplan.reports.monthly.services import report_draft, report_issue, report_share

    account = account or world.account
    report, _created = report_draft(account=account, month=date(2025, month, 1), user=world.admin)
    report.summary = "March went well"
    report.save(update_fields=["summary"])
    report = report_issue(user=world.admin, report=report)
    if shared:
        report = report_share(user=world.admin, report=report, shared=True)
    return report
