"""The economics settings page: read by every internal user, changed by administrators and
directors; invalid input answers 422 with each message naming its field; a stale save 409;
the history of both settings shows who changed what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.economics.models import EconomicsSettings, HourlyCost
from keyplan.economics.settings import services
from tests.factories import UserFactory
from tests.support import messages_of

PAGE = "/economics/settings/"
ADD = PAGE + "hourly-costs/"
JAN = date(2025, 1, 1)


def _cost(w, **data) -> HourlyCost:
    fields = {"role": "kam", "amount": Decimal("90"), "valid_from": JAN} | data
    return services.hourly_cost_create(user=w.admin, data=fields)


def _form(**data) -> dict:
    return {"person": "", "role": "", "amount": "", "currency": "PLN", "valid_from": ""} | data


def test_a_viewer_reads_the_settings_but_not_the_hourly_costs(world, client_for):
    _cost(world)

    response = client_for("viewer").get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Only administrators and sales directors change these settings." in html
    # What a person costs an hour is pay: administrators and directors only.
    assert "90.00 PLN" not in html and response.context["rows"] == []
    assert response.context["cost_history"] == []
    assert "Hourly costs are shown to administrators and sales directors only." in html
    assert 'action="/economics/settings/hourly-costs/"' not in html
    assert "?edit=" not in html
    assert response.context["form"] is None and response.context["add_form"] is None
    assert "90.00 PLN" in client_for("director").get(PAGE).content.decode()


def test_a_viewer_cannot_open_a_row_for_editing(world, client_for):
    cost = _cost(world)

    response = client_for("viewer").get(f"{PAGE}?edit={cost.pk}")

    assert all(row["form"] is None for row in response.context["rows"])


def test_a_director_sets_the_cost_of_capital_and_sees_it_in_the_history(world, client_for):
    client = client_for("director")

    response = client.post(PAGE, {"cost_of_capital": "12.5"})

    assert response.status_code == 302
    assert response["Location"] == PAGE + "#cost-of-capital"
    assert EconomicsSettings.load().cost_of_capital == Decimal("12.50")
    page = client.get(PAGE)
    assert "Settings saved." in messages_of(page)
    changes = page.context["history"][0]["changes"]
    assert [(c["old"], c["new"]) for c in changes] == [(Decimal("10.00"), Decimal("12.50"))]
    assert page.context["history"][0]["record"].history_user == world.director


def test_an_invalid_cost_of_capital_answers_422_naming_the_field(world, client_for):
    response = client_for("admin").post(PAGE, {"cost_of_capital": "101"})

    assert response.status_code == 422
    assert response.context["settings_errors"] == [
        "Cost of capital, annual %: Ensure this value is less than or equal to 100."
    ]
    assert "Cost of capital, annual %: Ensure" in response.content.decode()
    assert EconomicsSettings.load().cost_of_capital == Decimal("10.00")


def test_a_stale_cost_of_capital_answers_409_with_the_current_value(world, client_for):
    seen = EconomicsSettings.load().updated_at.isoformat()
    services.economics_settings_update(user=world.admin, data={"cost_of_capital": Decimal("9")})

    response = client_for("director").post(PAGE, {"cost_of_capital": "8", "seen_updated_at": seen})

    assert response.status_code == 409
    assert response.context["form"]["cost_of_capital"].value() == Decimal("9.00")
    assert EconomicsSettings.load().cost_of_capital == Decimal("9.00")


def test_a_manager_adds_a_persons_hourly_cost(world, client_for):
    response = client_for("admin").post(
        ADD, _form(person=world.member.pk, amount="120.50", valid_from="2025-02-01")
    )

    cost = HourlyCost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#cost-{cost.pk}"
    assert (cost.person, cost.amount, cost.currency) == (world.member, Decimal("120.50"), "PLN")
    assert cost.valid_from == date(2025, 2, 1)


def test_an_invalid_hourly_cost_answers_422_with_each_message_naming_its_field(world, client_for):
    response = client_for("admin").post(
        ADD, _form(amount="0", currency="zł", valid_from="2025-01-01")
    )

    assert response.status_code == 422
    assert response.context["add_errors"] == [
        "Person: Choose a person or a role.",
        "Currency: Enter a three-letter ISO code such as PLN or EUR.",
        "Hourly cost: Enter an hourly cost above zero.",
    ]
    assert "Hourly cost: Enter an hourly cost above zero." in response.content.decode()
    assert not HourlyCost.objects.exists()


def test_a_missing_date_is_named_too(world, client_for):
    response = client_for("admin").post(ADD, _form(role="team", amount="50"))

    assert response.status_code == 422
    assert response.context["add_errors"] == ["Valid from: This field is required."]


def test_the_forms_take_iso_dates_from_a_date_input(world, client_for):
    cost = _cost(world)

    html = client_for("admin").get(f"{PAGE}?edit={cost.pk}").content.decode()

    field = f'type="date" name="valid_from" value="2025-01-01" required id="id_cost_{cost.pk}_'
    assert field + 'valid_from"' in html
    assert 'name="person" autofocus' in html  # the keyboard starts in the opened row


def test_a_manager_edits_a_row(world, client_for):
    cost = _cost(world)

    response = client_for("director").post(
        f"{ADD}{cost.pk}/",
        _form(
            role="kam",
            amount="95",
            valid_from="2025-01-01",
            seen_updated_at=cost.updated_at.isoformat(),
        ),
    )

    assert response.status_code == 302
    cost.refresh_from_db()
    assert cost.amount == Decimal("95")


def test_an_invalid_edit_keeps_the_row_open_with_its_errors(world, client_for):
    cost = _cost(world)

    response = client_for("admin").post(
        f"{ADD}{cost.pk}/",
        _form(person=world.member.pk, role="kam", amount="95", valid_from="2025-01-01"),
    )

    assert response.status_code == 422
    row = next(r for r in response.context["rows"] if r["cost"].pk == cost.pk)
    assert row["errors"] == ["Or a role: Choose a person or a role, not both."]


def test_a_stale_edit_answers_409_and_shows_the_current_version(world, client_for):
    cost = _cost(world)
    seen = cost.updated_at.isoformat()
    services.hourly_cost_update(user=world.admin, hourly_cost=cost, data={"amount": Decimal("91")})

    response = client_for("director").post(
        f"{ADD}{cost.pk}/",
        _form(role="kam", amount="99", valid_from="2025-01-01", seen_updated_at=seen),
    )

    assert response.status_code == 409
    row = next(r for r in response.context["rows"] if r["cost"].pk == cost.pk)
    assert row["form"]["amount"].value() == Decimal("91.00")
    assert HourlyCost.objects.get().amount == Decimal("91")


def test_a_manager_deletes_a_row_unless_it_changed_meanwhile(world, client_for):
    client = client_for("admin")
    cost = _cost(world)
    seen = cost.updated_at.isoformat()
    services.hourly_cost_update(user=world.admin, hourly_cost=cost, data={"amount": Decimal("91")})

    stale = client.post(f"{ADD}{cost.pk}/delete/", {"seen_updated_at": seen})
    assert stale.status_code == 302 and HourlyCost.objects.exists()

    cost.refresh_from_db()
    client.post(f"{ADD}{cost.pk}/delete/", {"seen_updated_at": cost.updated_at.isoformat()})
    assert not HourlyCost.objects.exists()


def test_missing_rows_answer_404_to_managers(world, client_for):
    client = client_for("admin")

    assert client.post(f"{ADD}999999/", _form(role="kam")).status_code == 404
    assert client.post(f"{ADD}999999/delete/").status_code == 404


def test_the_history_names_who_added_changed_and_deleted_which_rate(world, client_for):
    cost = _cost(world, role="", person_id=world.member.pk)
    services.hourly_cost_update(
        user=world.director, hourly_cost=cost, data={"amount": Decimal("95")}
    )
    role = _cost(world, role="team")
    services.hourly_cost_delete(user=world.director, hourly_cost=role)

    history = client_for("director").get(PAGE).context["cost_history"]

    member = str(world.member)
    assert [(e["record"].history_type, e["subject"]) for e in history] == [
        ("-", "Account team member"),
        ("+", "Account team member"),
        ("~", member),
        ("+", member),
    ]
    assert history[2]["record"].history_user == world.director
    assert [(c["field"], c["old"], c["new"]) for c in history[2]["changes"]] == [
        ("hourly cost", Decimal("90.00"), Decimal("95.00"))
    ]


def test_a_rate_in_a_currency_without_planning_rate_is_flagged(world, client_for):
    _cost(world, currency="USD")

    response = client_for("director").get(PAGE)

    assert "No planning rate for USD" in response.content.decode()


def _person_rate(w, day: date) -> None:
    person = UserFactory(role="team")
    cost = _cost(w, role="", person_id=person.pk, valid_from=day)
    services.hourly_cost_update(user=w.admin, hourly_cost=cost, data={"amount": Decimal("80")})


def test_the_page_takes_a_fixed_number_of_queries(world, client_for):
    client = client_for("admin")
    _cost(world)
    _person_rate(world, JAN)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for day in range(2, 8):
        _cost(world, role="team", valid_from=date(2025, 1, day))
        _person_rate(world, date(2025, 1, day))

    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)

    assert len(many) == len(few)
