"""An account's service costs page through the Django test client: the list (newest first,
paged, filtered, exact totals of the rows filtered, the latest changes), adding, changing
and deleting one, who may do what, the messages of refused input, the conflict check and
a bounded number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.sales.models import ServiceCost
from tests.support import field_errors, messages_of

from .support import add_cost

D = Decimal


def list_url(world) -> str:
    return reverse("economics:account-costs", args=[world.account.pk])


def create_url(world) -> str:
    return reverse("economics:cost-create", args=[world.account.pk])


def form_data(**changes) -> dict:
    return {
        "date": "2026-02-03",
        "category": "returns",
        "amount": "12.5",
        "currency": "",
        "note": "damaged pallet",
        "external_id": "",
        **changes,
    }


def test_the_list_is_newest_first_with_exact_totals_per_category(world, client_for):
    add_cost(world.account, day=date(2026, 1, 5), category="logistics", amount="100.0001")
    add_cost(world.account, day=date(2026, 3, 5), category="logistics", amount="0.0002")
    add_cost(world.account, day=date(2026, 2, 5), category="rebates", amount="-20")
    add_cost(world.account, day=date(2026, 2, 6), category="travel", amount="10", currency="EUR")
    add_cost(world.other_account, category="support", amount="999")
    response = client_for("viewer").get(list_url(world))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [c.date for c in rows] == [
        date(2026, 3, 5),
        date(2026, 2, 6),
        date(2026, 2, 5),
        date(2026, 1, 5),
    ]
    totals = {(t.category, t.currency): t.amount for t in response.context["totals"]}
    assert totals == {
        ("logistics", "PLN"): D("100.0003"),
        ("rebates", "PLN"): D("-20"),
        ("travel", "EUR"): D("10"),
    }
    assert response.context["per_currency"] == {"EUR": D("10"), "PLN": D("80.0003")}
    body = response.content.decode()
    assert "PLN100.00" in body  # the exact total shown rounded: 100.0003
    assert "999" not in body  # another account's cost


def test_filters_select_the_rows_and_the_totals(world, client_for):
    add_cost(world.account, day=date(2026, 1, 5), category="logistics", amount="100")
    add_cost(world.account, day=date(2026, 2, 5), category="logistics", amount="7")
    add_cost(world.account, day=date(2026, 2, 6), category="travel", amount="50")
    client = client_for("owner")
    response = client.get(list_url(world), {"category": "logistics", "date_from": "2026-02-01"})
    assert [c.amount for c in response.context["page"].object_list] == [D("7")]
    assert [(t.category, t.amount) for t in response.context["totals"]] == [("logistics", D("7"))]
    bad = client.get(list_url(world), {"date_from": "2026-03-01", "date_to": "2026-01-01"})
    assert bad.status_code == 200
    assert bad.context["filter_form"].errors == {
        "date_to": ["The end date is before the start date."]
    }
    assert "The end date is before the start date." in bad.content.decode()
    assert bad.context["page"].paginator.count == 3  # a refused filter filters nothing
    none = client.get(list_url(world), {"category": "returns"})
    assert "No service costs match these filters." in none.content.decode()


def test_the_list_is_paged(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for day in range(1, 6):
        add_cost(world.account, day=date(2026, 1, day), amount=str(day))
    client = client_for("owner")
    second = client.get(list_url(world), {"page": 2})
    assert [c.date.day for c in second.context["page"].object_list] == [3, 2]
    assert second.context["per_currency"] == {"PLN": D("15")}  # every filtered row, not a page


def test_the_empty_state(world, client_for):
    body = client_for("member").get(list_url(world)).content.decode()
    assert "No service costs recorded for this account yet." in body
    assert "No change yet." in body


def test_writers_see_the_buttons_and_read_only_roles_none(world, client_for):
    cost = add_cost(world.account)
    edit = reverse("economics:cost-edit", args=[cost.pk])
    for name in ("owner", "member", "director"):
        body = client_for(name).get(list_url(world)).content.decode()
        assert edit in body and create_url(world) in body
    viewer = client_for("viewer").get(list_url(world)).content.decode()
    assert edit not in viewer and create_url(world) not in viewer
    assert reverse("economics:cost-delete", args=[cost.pk]) not in viewer


def test_read_only_users_get_403_and_outsiders_404_on_every_write(world, client_for):
    cost = add_cost(world.account)
    viewer, outsider = client_for("viewer"), client_for("outsider")
    assert viewer.post(create_url(world), form_data()).status_code == 403
    assert (
        viewer.post(reverse("economics:cost-edit", args=[cost.pk]), form_data()).status_code == 403
    )
    assert viewer.post(reverse("economics:cost-delete", args=[cost.pk])).status_code == 403
    assert outsider.get(list_url(world)).status_code == 404
    assert outsider.post(create_url(world), form_data()).status_code == 404
    assert outsider.get(reverse("economics:cost-edit", args=[cost.pk])).status_code == 404
    assert client_for("portal").get(list_url(world)).status_code == 404
    missing = reverse("economics:cost-edit", args=[cost.pk + 1000])
    assert client_for("director").get(missing).status_code == 404
    assert ServiceCost.objects.count() == 1
    assert ServiceCost.objects.get().amount == D("100")


def test_adding_a_cost_defaults_to_the_account_s_currency(world, client_for):
    client = client_for("member")
    response = client.post(create_url(world), form_data(next=list_url(world) + "?page=1"))
    assert response.status_code == 302
    assert response["Location"] == list_url(world) + "?page=1"
    cost = ServiceCost.objects.get()
    assert (cost.category, cost.amount, cost.currency, cost.created_by) == (
        "returns",
        D("12.5"),
        "PLN",
        world.member,
    )
    page = client.get(list_url(world))
    assert messages_of(page) == ["Added Returns of 2026-02-03."]
    body = page.content.decode()
    assert "damaged pallet" in body
    assert "member" in body  # entered by, and in the latest changes


def test_the_form_is_keyboard_usable_with_iso_dates(world, client_for):
    body = client_for("owner").get(create_url(world)).content.decode()
    assert 'type="date"' in body
    assert 'name="date"' in body and "autofocus" in body
    cost = add_cost(world.account, day=date(2026, 2, 1))
    edit = client_for("owner").get(reverse("economics:cost-edit", args=[cost.pk]))
    assert 'value="2026-02-01"' in edit.content.decode()
    listing = client_for("owner").get(list_url(world)).content.decode()
    assert "<details" in listing and "autofocus" not in listing  # folded until opened
    assert listing.count('id="id_category"') == 1  # the filters' fields have their own ids
    assert 'for="filter_category"' in listing


def test_refused_input_is_explained_at_its_field(world, client_for):
    client = client_for("owner")
    cases = [
        ({"amount": "12.34567"}, "amount", "The amount has more than 4 decimal places"),
        ({"amount": "0"}, "amount", "The amount cannot be zero"),
        ({"amount": "abc"}, "amount", "Enter a number."),
        ({"currency": "XYZ"}, "currency", "“XYZ” is not a currency"),
        ({"date": "03.02.2026"}, "date", "Enter a valid date."),
        ({"category": "bribes"}, "category", "Select a valid choice."),
    ]
    for changes, field, words in cases:
        response = client.post(create_url(world), form_data(**changes))
        assert response.status_code == 422, changes
        assert any(words in error for error in field_errors(response, field)), (
            changes,
            field_errors(response, field),
        )
    assert not ServiceCost.objects.exists()


def test_future_dates_up_to_a_year_ahead_are_accepted(world, client_for):
    client = client_for("owner")
    soon = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert client.post(create_url(world), form_data(date=soon)).status_code == 302
    later = (timezone.localdate() + timedelta(days=400)).isoformat()
    refused = client.post(create_url(world), form_data(date=later))
    assert refused.status_code == 422
    assert "more than a year ahead" in field_errors(refused, "date")[0]
    assert ServiceCost.objects.count() == 1


def test_editing_a_cost_records_who_changed_what(world, client_for):
    cost = add_cost(world.account, amount="100", note="")
    url = reverse("economics:cost-edit", args=[cost.pk])
    client = client_for("member")
    form = client.get(url).context["form"]
    seen = form.initial["seen_updated_at"]
    response = client.post(url, form_data(amount="80", category="logistics", seen_updated_at=seen))
    assert response.status_code == 302
    cost.refresh_from_db()
    assert (cost.amount, cost.note) == (D("80"), "damaged pallet")
    history = client.get(url)
    changes = history.context["changes"][0].changes
    assert {c["field"] for c in changes} == {"date", "amount", "note"}
    body = history.content.decode()
    assert "member" in body and "<del>" in body
    listing = client.get(list_url(world)).content.decode()
    assert "changed" in listing and "damaged pallet" in listing


def test_a_stale_save_is_refused_with_the_other_version_shown(world, client_for):
    cost = add_cost(world.account, amount="100")
    url = reverse("economics:cost-edit", args=[cost.pk])
    seen = cost.updated_at.isoformat()
    first = client_for("owner").post(url, form_data(amount="90", seen_updated_at=seen))
    assert first.status_code == 302
    second = client_for("member").post(url, form_data(amount="70", seen_updated_at=seen))
    assert second.status_code == 409
    assert "Someone changed this service cost after you opened it" in second.content.decode()
    cost.refresh_from_db()
    assert cost.amount == D("90")
    # saving again, against their version, keeps the user's
    again = second.context["form"].data["seen_updated_at"]
    third = client_for("member").post(url, form_data(amount="70", seen_updated_at=again))
    assert third.status_code == 302
    cost.refresh_from_db()
    assert cost.amount == D("70")


def test_deleting_asks_first_and_keeps_the_history(world, client_for):
    cost = add_cost(world.account, category="travel", amount="45")
    url = reverse("economics:cost-delete", args=[cost.pk])
    client = client_for("owner")
    ask = client.get(url)
    assert ask.status_code == 200 and "Delete this service cost?" in ask.content.decode()
    stale = client.post(url, {"seen_updated_at": "2020-01-01T00:00:00+00:00"})
    assert stale.status_code == 409
    assert ServiceCost.objects.filter(pk=cost.pk).exists()
    done = client.post(url, {"seen_updated_at": cost.updated_at.isoformat()})
    assert done.status_code == 302 and done["Location"] == list_url(world)
    assert not ServiceCost.objects.exists()
    listing = client.get(list_url(world))
    assert messages_of(listing) == ["The service cost was deleted."]
    assert listing.context["changes"][0].record.history_type == "-"
    assert "deleted" in listing.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(world, client_for):
    client = client_for("owner")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(world)).status_code == 200
        return len(queries)

    add_cost(world.account)
    count()  # the first request of a session stamps it
    few = count()
    for day in range(1, 21):
        cost = add_cost(world.account, day=date(2026, 1, day), category="support")
        cost._history_user = world.member
        cost.note = "edited"
        cost.save()
    assert count() == few
    assert few <= 12
