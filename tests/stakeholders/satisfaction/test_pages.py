"""An account's satisfaction page through the Django test client: the list (newest first,
paged, the 12-month mean and count, the monthly chart, the latest changes), adding,
changing and deleting an answer, who may do what, the messages of refused input, the
conflict check and a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.stakeholders.models import SatisfactionAnswer
from tests.factories import ContactFactory
from tests.support import field_errors, messages_of

from .support import add_answer

TODAY = timezone.localdate()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def list_url(world) -> str:
    return reverse("satisfaction:account", args=[world.account.pk])


def create_url(world) -> str:
    return reverse("satisfaction:answer-create", args=[world.account.pk])


def form_data(**changes) -> dict:
    return {
        "answered_on": days_ago(3).isoformat(),
        "score": "8",
        "contact": "",
        "comment": "quick answers",
        **changes,
    }


def test_the_list_is_newest_first_with_the_twelve_month_mean(world, client_for):
    add_answer(world.account, day=days_ago(10), score=9)
    add_answer(world.account, day=days_ago(40), score=6, contact=world.contact)
    add_answer(world.account, day=days_ago(5), score=4)
    add_answer(world.account, day=days_ago(400), score=0)  # older than 12 months
    add_answer(world.other_account, day=days_ago(5), score=1, comment="not ours")
    response = client_for("viewer").get(list_url(world))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [a.answered_on for a in rows] == [days_ago(5), days_ago(10), days_ago(40), days_ago(400)]
    recent = response.context["summary"].recent
    assert (recent.mean, recent.answers) == (Decimal("6.33"), 3)
    chart = response.context["chart"]
    assert len(chart["months"]) == 12 and chart["months"][-1] == TODAY.strftime("%Y-%m")
    assert sum(chart["counts"]) == 3
    body = response.content.decode()
    assert "6.3" in body and "Jan Kowalski" in body
    assert "satisfaction-data" in body and "js-satisfaction-chart" in body
    assert "echarts.min.js" in body
    assert "not ours" not in body


def test_the_list_is_paged(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for n in range(1, 6):
        add_answer(world.account, day=days_ago(n), score=n)
    second = client_for("owner").get(list_url(world), {"page": 2})
    assert [a.score for a in second.context["page"].object_list] == [3, 4]
    assert second.context["summary"].recent.answers == 5  # every answer, not a page


def test_the_empty_state(world, client_for):
    response = client_for("member").get(list_url(world))
    body = response.content.decode()
    assert "No satisfaction answers recorded for this account yet." in body
    assert "No change yet." in body
    assert response.context["chart"] is None and "echarts.min.js" not in body


def test_writers_see_the_forms_and_read_only_roles_none(world, client_for):
    answer = add_answer(world.account)
    edit = reverse("satisfaction:answer-edit", args=[answer.pk])
    for name in ("owner", "member", "director"):
        body = client_for(name).get(list_url(world)).content.decode()
        assert edit in body and create_url(world) in body and '<form method="post"' in body
    viewer = client_for("viewer").get(list_url(world)).content.decode()
    assert edit not in viewer and create_url(world) not in viewer
    assert reverse("satisfaction:answer-delete", args=[answer.pk]) not in viewer
    assert 'method="post"' not in viewer.split("<main", 1)[-1].split("</main>")[0]


def test_read_only_users_get_403_and_outsiders_404_on_every_write(world, client_for):
    answer = add_answer(world.account, score=5)
    viewer, outsider = client_for("viewer"), client_for("outsider")
    edit = reverse("satisfaction:answer-edit", args=[answer.pk])
    delete = reverse("satisfaction:answer-delete", args=[answer.pk])
    assert viewer.get(create_url(world)).status_code == 403
    assert viewer.post(create_url(world), form_data()).status_code == 403
    assert viewer.post(edit, form_data()).status_code == 403
    assert viewer.post(delete).status_code == 403
    assert outsider.get(list_url(world)).status_code == 404
    assert outsider.post(create_url(world), form_data()).status_code == 404
    assert outsider.get(edit).status_code == 404
    assert outsider.post(delete).status_code == 404
    assert client_for("portal").get(list_url(world)).status_code == 404
    missing = reverse("satisfaction:answer-edit", args=[answer.pk + 1000])
    assert client_for("director").get(missing).status_code == 404
    assert SatisfactionAnswer.objects.get().score == 5


def test_adding_an_answer_with_a_respondent(world, client_for):
    client = client_for("member")
    data = form_data(contact=world.contact.pk, next=list_url(world) + "?page=1")
    response = client.post(create_url(world), data)
    assert response.status_code == 302
    assert response["Location"] == list_url(world) + "?page=1"
    answer = SatisfactionAnswer.objects.get()
    assert (answer.score, answer.contact, answer.source, answer.created_by) == (
        8,
        world.contact,
        "manual",
        world.member,
    )
    page = client.get(list_url(world))
    assert messages_of(page) == [f"Added a score of 8 on {days_ago(3).isoformat()}."]
    body = page.content.decode()
    assert "quick answers" in body and "Entered by hand" in body
    assert page.context["changes"][0].history_user == world.member


def test_the_form_is_keyboard_usable_with_iso_dates_and_the_account_s_contacts(world, client_for):
    ContactFactory(account=world.other_account, first_name="Eva", last_name="Braun")
    body = client_for("owner").get(create_url(world)).content.decode()
    assert 'type="date"' in body and f'max="{TODAY.isoformat()}"' in body
    assert 'name="answered_on"' in body and "autofocus" in body
    assert 'type="number"' in body and 'max="10"' in body
    assert "Jan Kowalski" in body and "Eva Braun" not in body
    assert "Nobody in particular" in body
    answer = add_answer(world.account, day=days_ago(9), contact=world.contact)
    edit = client_for("owner").get(reverse("satisfaction:answer-edit", args=[answer.pk]))
    assert f'value="{days_ago(9).isoformat()}"' in edit.content.decode()
    listing = client_for("owner").get(list_url(world)).content.decode()
    assert "<details" in listing and "autofocus" not in listing  # folded until opened


def test_refused_input_is_explained_at_its_field(world, client_for):
    other = ContactFactory(account=world.other_account)
    client = client_for("owner")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    cases = [
        ({"score": "11"}, "score", "The score goes from 0 to 10."),
        ({"score": "-1"}, "score", "The score goes from 0 to 10."),
        ({"score": "7.5"}, "score", "Enter a whole number."),
        ({"score": ""}, "score", "This field is required."),
        ({"answered_on": tomorrow}, "answered_on", "in the future"),
        ({"answered_on": "03.02.2026"}, "answered_on", "Enter a valid date."),
        ({"contact": other.pk}, "contact", "Select a valid choice."),
        ({"comment": "x" * 2001}, "comment", "at most 2000 characters"),
    ]
    for changes, field, words in cases:
        response = client.post(create_url(world), form_data(**changes))
        assert response.status_code == 422, changes
        assert any(words in error for error in field_errors(response, field)), (
            changes,
            field_errors(response, field),
        )
    assert not SatisfactionAnswer.objects.exists()


def test_editing_an_answer_keeps_its_history(world, client_for):
    answer = add_answer(world.account, day=days_ago(20), score=3, source="import")
    url = reverse("satisfaction:answer-edit", args=[answer.pk])
    client = client_for("member")
    seen = client.get(url).context["form"].initial["seen_updated_at"]
    data = form_data(score="5", contact=world.contact.pk, seen_updated_at=seen)
    assert client.post(url, data).status_code == 302
    answer.refresh_from_db()
    assert (answer.score, answer.contact, answer.source) == (5, world.contact, "import")
    history = client.get(url)
    assert [r.history_type for r in history.context["changes"]] == ["~", "+"]
    assert "member" in history.content.decode()


def test_a_stale_save_is_refused_with_the_other_version_shown(world, client_for):
    answer = add_answer(world.account, day=days_ago(2), score=6)
    url = reverse("satisfaction:answer-edit", args=[answer.pk])
    seen = answer.updated_at.isoformat()
    assert (
        client_for("owner").post(url, form_data(score="7", seen_updated_at=seen)).status_code == 302
    )
    second = client_for("member").post(url, form_data(score="2", seen_updated_at=seen))
    assert second.status_code == 409
    assert "Someone changed this answer after you opened it" in second.content.decode()
    answer.refresh_from_db()
    assert answer.score == 7
    again = second.context["form"].data["seen_updated_at"]
    third = client_for("member").post(url, form_data(score="2", seen_updated_at=again))
    assert third.status_code == 302
    answer.refresh_from_db()
    assert answer.score == 2


def test_deleting_asks_first_and_keeps_the_history(world, client_for):
    answer = add_answer(world.account, day=days_ago(2), score=1, comment="angry")
    url = reverse("satisfaction:answer-delete", args=[answer.pk])
    client = client_for("owner")
    ask = client.get(url)
    assert ask.status_code == 200 and "Delete this answer?" in ask.content.decode()
    stale = client.post(url, {"seen_updated_at": "2020-01-01T00:00:00+00:00"})
    assert stale.status_code == 409
    assert SatisfactionAnswer.objects.filter(pk=answer.pk).exists()
    done = client.post(url, {"seen_updated_at": answer.updated_at.isoformat()})
    assert done.status_code == 302 and done["Location"] == list_url(world)
    assert not SatisfactionAnswer.objects.exists()
    listing = client.get(list_url(world))
    assert messages_of(listing) == ["The answer was deleted."]
    record = listing.context["changes"][0]
    assert (record.history_type, record.history_user, record.comment) == ("-", world.owner, "angry")
    assert "deleted" in listing.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(world, client_for):
    client = client_for("owner")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(world)).status_code == 200
        return len(queries)

    add_answer(world.account, day=days_ago(1), contact=world.contact)
    count()  # the first request of a session stamps it
    few = count()
    for n in range(2, 22):
        contact = ContactFactory(account=world.account)
        answer = add_answer(world.account, day=days_ago(n * 20), contact=contact)
        answer._history_user = world.member
        answer.comment = "edited"
        answer.save()
    assert count() == few
    assert few <= 14
