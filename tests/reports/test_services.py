"""Drafting (idempotent), the generated content, issuing (frozen), new versions, sharing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keyplan.plans.models import Action
from keyplan.reports.models import MonthlyReport
from keyplan.reports.monthly import services
from keyplan.reports.monthly.selectors import accounts_to_draft, shared_reports
from keyplan.reports.monthly.tasks import draft_monthly_reports_task

from .support import MONTH, TODAY, month_of_work

pytestmark = pytest.mark.django_db


def draft(world, **kwargs):
    report, _created = services.report_draft(
        account=world.account, month=MONTH, today=TODAY, **kwargs
    )
    return report


def test_the_draft_holds_the_month(world):
    month_of_work(world)
    content = draft(world).content
    assert content["account"]["name"] == "Polmet Sp. z o.o."
    assert [a["title"] for a in content["done"]["actions"]] == [
        "Visit the Poznań plant",
        "Send the service offer",
    ]
    assert [m["subject"] for m in content["done"]["meetings"]] == ["Steering call"]
    assert content["done"]["meetings"][0]["their_people"] == ["Jan Kowalski"]
    assert [g["title"] for g in content["done"]["goals"]] == ["Grow revenue"]
    assert [a["title"] for a in content["next"]["actions"]] == [
        "Quarterly review",
        "Sign the frame agreement",
    ]
    assert content["next"]["actions"][0]["owner"] == str(world.member)
    assert content["next"]["actions"][1]["owner"] == ""
    sales = content["kpis"]["sales"]
    assert sales["revenue"]["month"] == "1200.00"
    assert sales["revenue"]["month_last_year"] == "1000.00"
    assert sales["revenue"]["month_change"] == "20.00"
    assert sales["revenue"]["ytd"] == "1700.00"
    assert sales["gross_profit"]["month"] == "400.00"
    assert sales["gross_profit"]["month_change"] == "33.33"
    assert len(sales["chart"]) == 12 and sales["chart"][-1]["month"] == "2025-03"
    assert content["kpis"]["satisfaction"] is None


def test_joint_actions_come_first_when_the_model_has_the_flag(world):
    work = month_of_work(world)
    if not any(f.name == "joint" for f in Action._meta.get_fields()):
        pytest.skip("plans.Action has no joint flag yet")
    Action.objects.filter(pk=work["open"][1].pk).update(joint=True)
    titles = [a["title"] for a in draft(world).content["next"]["actions"]]
    assert titles[0] == "Sign the frame agreement"


def test_drafting_twice_creates_nothing_new(world):
    month_of_work(world)
    first, created = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    again, created_again = services.report_draft(account=world.account, month=MONTH, today=TODAY)
    assert created and not created_again and first.pk == again.pk
    assert MonthlyReport.objects.count() == 1


def test_draft_all_covers_planned_and_strategic_accounts_once(world):
    month_of_work(world)  # world.account: strategic, with a plan
    assert set(accounts_to_draft()) == {world.account}
    assert services.report_draft_all(month=MONTH, today=TODAY) == 1
    assert services.report_draft_all(month=MONTH, today=TODAY) == 0
    assert draft_monthly_reports_task.enqueue("2025-03").return_value == 0
    assert MonthlyReport.objects.filter(month=MONTH).count() == 1


def test_an_issued_report_never_changes(world):
    work = month_of_work(world)
    report = draft(world)
    services.report_update_texts(user=world.owner, report=report, data={"summary": "A good month"})
    issued = services.report_issue(user=world.owner, report=report)
    frozen = (issued.content, issued.summary, issued.updated_at)
    # The data moves on...
    Action.objects.filter(pk=work["done"][0].pk).update(title="Renamed later")
    with pytest.raises(ValidationError):
        services.report_refresh(user=world.owner, report=issued)
    with pytest.raises(ValidationError):
        services.report_issue(user=world.owner, report=issued)
    # ...editing starts version 2, and version 1 stays as issued.
    second = services.report_update_texts(
        user=world.owner, report=issued, data={"summary": "Corrected"}, today=TODAY
    )
    stored = MonthlyReport.objects.get(pk=issued.pk)
    assert (stored.content, stored.summary, stored.updated_at) == frozen
    assert second.pk != issued.pk and second.version == 2 and not second.is_issued
    assert second.summary == "Corrected"
    assert "Renamed later" in [a["title"] for a in second.content["done"]["actions"]]
    assert "Visit the Poznań plant" in [a["title"] for a in stored.content["done"]["actions"]]
    with pytest.raises(ValidationError):  # only the latest version may be edited
        services.report_update_texts(user=world.owner, report=stored, data={"summary": "x"})


def test_draft_now_refreshes_a_draft_and_starts_a_version_after_issue(world):
    month_of_work(world)
    report = services.report_draft_now(user=world.owner, account=world.account, month=MONTH)
    again = services.report_draft_now(user=world.owner, account=world.account, month=MONTH)
    assert again.pk == report.pk
    services.report_issue(user=world.owner, report=again)
    third = services.report_draft_now(user=world.owner, account=world.account, month=MONTH)
    assert third.version == 2


def test_sharing_is_for_issued_reports_and_one_version_per_month(world):
    month_of_work(world)
    report = draft(world)
    with pytest.raises(ValidationError):
        services.report_share(user=world.owner, report=report, shared=True)
    first = services.report_issue(user=world.owner, report=report)
    services.report_share(user=world.owner, report=first, shared=True)
    assert list(shared_reports(world.account)) == [first]
    second = services.report_update_texts(user=world.owner, report=first, data={})
    second = services.report_issue(user=world.owner, report=second)
    services.report_share(user=world.owner, report=second, shared=True)
    assert list(shared_reports(world.account)) == [second]
    assert list(shared_reports(world.other_account)) == []
    services.report_share(user=world.owner, report=second, shared=False)
    assert list(shared_reports(world.account)) == []


def test_read_only_and_outsiders_cannot_write(world):
    report = draft(world)
    for user in (world.viewer, world.outsider, world.portal):
        with pytest.raises(PermissionDenied):
            services.report_issue(user=user, report=report)
        with pytest.raises(PermissionDenied):
            services.report_draft_now(user=user, account=world.account, month=date(2025, 1, 1))
