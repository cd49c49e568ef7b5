"""Classification preview, apply (history, snapshot, outdated suggestions) and snapshot
comparison."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from keyplan.accounts.models import Account
from keyplan.portfolio.classification.selectors import (
    class_history,
    classification_preview,
    compare_snapshots,
)
from keyplan.portfolio.classification.services import SNAPSHOT_ROW_COLUMNS, apply_classification
from keyplan.portfolio.models import (
    PortfolioSettings,
    Snapshot,
    SnapshotRow,
    Suggestion,
    SuggestionStatus,
)
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import MonthlyRollup, Opportunity
from tests.factories import AccountFactory

D = Decimal
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def sale(account, revenue, cost=0, month=date(2024, 6, 1)):
    MonthlyRollup.objects.create(
        account=account, month=month, revenue=D(revenue), cost=D(cost), currency="PLN", lines=1
    )


def opportunity(account, status="open"):
    return Opportunity.objects.create(
        external_id=f"OPP-{account.pk}-{status}",
        account=account,
        name="Line upgrade",
        currency="PLN",
        status=status,
    )


@pytest.fixture
def portfolio(world):
    """world.account earns the most gross profit; ten small buyers; a prospect with an
    open opportunity, one with recent interest, one with stale interest, a suspect, a
    closed account with sales. 17 classified accounts: the strategic cap is 1 (10%)."""
    sale(world.account, 10_000, 2_000)  # gp 8000
    sale(world.other_account, 3_000, 1_000)  # gp 2000
    small = [AccountFactory(name=f"Small {i:02d}", owner=world.owner) for i in range(10)]
    for i, account in enumerate(small):
        sale(account, 100 + i, 50)
    with_opportunity = AccountFactory(name="Opp", account_class="suspect")
    opportunity(with_opportunity)
    lost = AccountFactory(name="Lost deal", account_class="prospect")
    opportunity(lost, status="lost")
    interested = AccountFactory(
        name="Interested", account_class="suspect", interest_recorded_on=date(2024, 3, 1)
    )
    stale = AccountFactory(
        name="Stale", account_class="prospect", interest_recorded_on=date(2023, 12, 1)
    )
    suspect = AccountFactory(name="Nobody", account_class="suspect")
    closed = AccountFactory(name="Closed", status="closed", account_class="regular")
    sale(closed, 50_000)
    return {
        "small": small,
        "with_opportunity": with_opportunity,
        "lost": lost,
        "interested": interested,
        "stale": stale,
        "suspect": suspect,
        "closed": closed,
    }


def proposed(classification):
    return {row.account_id: row.proposed for row in classification.rows}


def test_preview_classes_counts_and_cap(world, portfolio):
    preview = classification_preview(user=world.director, period=YEAR_2024)
    classes = proposed(preview)
    assert classes[world.account.pk] == "strategic"
    # 80% of the gross profit would take other_account too, but the cap is 1 (10% of 17).
    assert classes[world.other_account.pk] == "regular"
    assert all(classes[a.pk] == "regular" for a in portfolio["small"])
    assert classes[portfolio["with_opportunity"].pk] == "prospect"
    assert classes[portfolio["interested"].pk] == "prospect"  # 2024-03-01 >= 2024-12-31 - 365d
    assert classes[portfolio["stale"].pk] == "suspect"
    assert classes[portfolio["lost"].pk] == "suspect"  # a lost opportunity is no interest
    assert classes[portfolio["suspect"].pk] == "suspect"
    assert portfolio["closed"].pk not in classes
    assert preview.counts_after == {"strategic": 1, "regular": 11, "prospect": 2, "suspect": 3}
    assert preview.counts_before == {"strategic": 1, "regular": 11, "prospect": 2, "suspect": 3}
    assert preview.parameters["strategic_cap"] == 1
    assert preview.parameters["classified"] == 17
    assert preview.parameters["interest_since"] == "2024-01-01"
    assert {row.account_id for row in preview.changes} == {
        portfolio["with_opportunity"].pk,
        portfolio["interested"].pk,
        portfolio["stale"].pk,
        portfolio["lost"].pk,
    }
    # Rank order, then the unranked by name.
    assert [row.rank for row in preview.rows[:12]] == list(range(1, 13))
    assert [row.name for row in preview.rows[12:]] == [
        "Interested",
        "Lost deal",
        "Nobody",
        "Opp",
        "Stale",
    ]


def test_cap_follows_the_settings(world, portfolio):
    settings = PortfolioSettings.load()
    settings.strategic_max_share = D("20")  # 3 of 17
    settings.save()
    classes = proposed(classification_preview(user=world.director, period=YEAR_2024))
    # 80% of the gross profit is reached after two accounts: the third is not taken.
    assert [pk for pk, cls in classes.items() if cls == "strategic"] == [
        world.account.pk,
        world.other_account.pk,
    ]


def test_revenue_metric_setting(world, portfolio):
    settings = PortfolioSettings.load()
    settings.strategic_metric = "revenue"
    settings.save()
    preview = classification_preview(user=world.director, period=YEAR_2024)
    assert preview.metric == "revenue"
    assert preview.rows[0].value == D(10_000)


def test_default_period_is_used(world, portfolio):
    preview = classification_preview(user=world.director)
    assert preview.period == Period(date(2023, 7, 1), date(2024, 6, 30))


def test_non_managers_see_their_rows_with_company_wide_classes(world, portfolio):
    preview = classification_preview(user=world.outsider, period=YEAR_2024)
    # The outsider sees only other_account; it stays regular because of the company cap.
    assert [(row.account_id, row.proposed) for row in preview.rows] == [
        (world.other_account.pk, "regular")
    ]
    assert preview.counts_after["regular"] == 1 and sum(preview.counts_after.values()) == 1
    assert classification_preview(user=world.portal, period=YEAR_2024).rows == []


def test_apply_records_history_snapshot_and_outdates_suggestions(world, portfolio):
    interested = portfolio["interested"]
    pending = Suggestion.objects.create(
        account=interested, from_class="suspect", to_class="regular", reason="first_sale"
    )
    untouched = Suggestion.objects.create(
        account=world.other_account, from_class="regular", to_class="strategic", reason="potential"
    )
    history_before = Account.history.filter(id=world.account.pk).count()

    snapshot = apply_classification(user=world.director, period=YEAR_2024, note="Year end")

    interested.refresh_from_db()
    assert interested.account_class == "prospect"
    latest = interested.history.latest()
    assert latest.history_change_reason == "classification"
    assert latest.history_user == world.director
    assert latest.history_type == "~"
    # The record holds the whole account as it is now, as simple-history writes it.
    assert latest.instance.account_class == "prospect"
    assert (latest.name, latest.external_id, latest.interest_recorded_on) == (
        interested.name,
        interested.external_id,
        date(2024, 3, 1),
    )
    assert latest.created_at == interested.created_at
    assert latest.prev_record.account_class == "suspect"
    changed_ids = {portfolio[k].pk for k in ("with_opportunity", "interested", "stale", "lost")}
    assert (
        set(
            Account.history.filter(history_change_reason="classification").values_list(
                "id", flat=True
            )
        )
        == changed_ids
    )
    assert class_history(interested)[0]["old"] == "suspect"
    assert class_history(interested)[0]["new"] == "prospect"
    assert class_history(interested)[0]["user"] == str(world.director)
    # Unchanged accounts get no history record.
    assert Account.history.filter(id=world.account.pk).count() == history_before
    assert Account.objects.get(pk=portfolio["closed"].pk).account_class == "regular"

    assert snapshot.changed == 4
    assert snapshot.note == "Year end"
    assert snapshot.created_by == world.director
    assert (snapshot.date_from, snapshot.date_to) == (YEAR_2024.date_from, YEAR_2024.date_to)
    assert snapshot.metric == "gp" and snapshot.currency == "PLN"
    assert snapshot.parameters["strategic_cumulative_share"] == "80.00"
    assert snapshot.parameters["prospect_interest_days"] == 365
    assert "period_note" in snapshot.parameters
    assert snapshot.totals["counts_after"]["prospect"] == 2
    assert snapshot.rows.count() == 17
    row = SnapshotRow.objects.get(snapshot=snapshot, account=world.account)
    assert (row.rank, row.class_before, row.class_after) == (1, "strategic", "strategic")
    assert row.revenue == D(10_000) and row.gross_profit == D(8_000)
    assert row.cumulative_share == D("0.758653")  # 8000 / 10545
    row = SnapshotRow.objects.get(snapshot=snapshot, account=interested)
    assert (row.rank, row.class_before, row.class_after) == (None, "suspect", "prospect")

    pending.refresh_from_db()
    untouched.refresh_from_db()
    assert pending.status == SuggestionStatus.OUTDATED
    assert untouched.status == SuggestionStatus.PENDING

    # Applying again changes nothing and says so.
    again = apply_classification(user=world.admin, period=YEAR_2024)
    assert again.changed == 0
    assert Snapshot.objects.count() == 2


def test_the_system_applies_without_a_user(world, portfolio):
    snapshot = apply_classification(user=None, period=YEAR_2024)
    assert snapshot.created_by is None and snapshot.changed == 4
    interested = Account.objects.get(pk=portfolio["interested"].pk)
    assert interested.account_class == "prospect"
    assert interested.history.latest().history_user is None
    assert class_history(interested)[0]["user"] == ""


@pytest.mark.parametrize("name", ["owner", "member", "viewer", "outsider", "portal"])
def test_only_managers_can_apply(world, portfolio, name):
    with pytest.raises(PermissionDenied):
        apply_classification(user=world.users()[name], period=YEAR_2024)
    with pytest.raises(PermissionDenied):
        apply_classification(user=AnonymousUser(), period=YEAR_2024)
    assert not Snapshot.objects.exists()
    assert Account.objects.get(pk=portfolio["interested"].pk).account_class == "suspect"


def test_compare_snapshots_moved_in_and_out(world, portfolio):
    older = apply_classification(user=world.director, period=YEAR_2024)
    # A year later other_account outgrows everyone; a small buyer stops buying.
    sale(world.other_account, 90_000, 10_000, month=date(2025, 6, 1))
    sale(world.account, 1_000, 500, month=date(2025, 6, 1))
    for account in portfolio["small"][1:]:
        sale(account, 100, 50, month=date(2025, 6, 1))
    newer = apply_classification(user=world.director, period=Period.last_months(date(2025, 6, 1)))

    result = compare_snapshots(older, newer, user=world.director)
    by_key = {entry["key"]: entry for entry in result["classes"]}
    assert list(by_key) == ["strategic", "regular", "prospect", "suspect"]
    assert [r["account_id"] for r in by_key["strategic"]["moved_in"]] == [world.other_account.pk]
    assert [r["account_id"] for r in by_key["strategic"]["moved_out"]] == [world.account.pk]
    assert (by_key["strategic"]["before"], by_key["strategic"]["after"]) == (1, 1)
    small0 = portfolio["small"][0]
    # Stopped buying; and interest from 2024-03 is too old for the newer period.
    assert {r["account_id"] for r in by_key["suspect"]["moved_in"]} == {
        small0.pk,
        portfolio["interested"].pk,
    }
    moved = by_key["regular"]["moved_out"]
    assert {r["account_id"] for r in moved} == {world.other_account.pk, small0.pk}
    entry = next(r for r in moved if r["account_id"] == small0.pk)
    assert (entry["before"], entry["after"], entry["name"]) == ("regular", "suspect", "Small 00")
    assert entry["revenue"] == D(0)

    # The KAM of world.account sees only the moves among their accounts.
    kam_view = {e["key"]: e for e in compare_snapshots(older, newer, user=world.owner)["classes"]}
    assert [r["account_id"] for r in kam_view["strategic"]["moved_out"]] == [world.account.pk]
    assert kam_view["strategic"]["moved_in"] == []
    assert compare_snapshots(older, newer, user=world.portal)["classes"][0]["before"] == 0


def test_snapshot_rows_are_written_with_every_column():
    # apply_classification writes SnapshotRow in bulk by column name: keep them in step.
    columns = {f.column for f in SnapshotRow._meta.concrete_fields} - {"id"}
    assert set(SNAPSHOT_ROW_COLUMNS) == columns
