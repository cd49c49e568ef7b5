"""Issue #18, items 3, 5, 6 and 8: notices and score rationales in the reader's language,
My work agreeing with the checkpoint reminders, no "Apply: change 0 accounts", the
favicon and the way back from the API docs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from keyplan.execution.common import messages
from keyplan.execution.common.services import notify
from keyplan.execution.models import Notification, NotificationKind
from keyplan.execution.work.selectors import checkpoints_due, my_work
from keyplan.portfolio.models import AccountScore, Criterion
from keyplan.portfolio.scoring.texts import shown_rationale
from tests.execution.work.support import checkpoint
from tests.portfolio.classification.test_pages import portfolio  # noqa: F401  (fixture)

DUE = date(2026, 12, 4)


# --- notifications ---------------------------------------------------------------------------


def _overdue(world, **kwargs) -> Notification | None:
    return notify(
        user=world.owner,
        kind=NotificationKind.DUE,
        message=messages.ACTION_OVERDUE,
        params={"title": "Call the buyer", "account": "Polmet", "date": DUE.isoformat()},
        url="/plans/12/actions/",
        **kwargs,
    )


def test_a_notice_is_shown_in_the_readers_language(world):
    with translation.override("en"):
        made = _overdue(world, email=False)
    assert made.title == "Overdue: Call the buyer"  # the text when it was made
    assert made.body == "The action “Call the buyer” on Polmet was due 4 Dec 2026."
    with translation.override("pl"):
        title, body = made.shown_title, made.shown_body
    assert title != made.title and "Call the buyer" in title
    assert "04.12.2026" in body and "Polmet" in body


def test_old_notices_without_a_message_show_what_was_stored(world):
    old = notify(
        user=world.owner, kind="due", title="Stored title", body="Stored body", email=False
    )
    with translation.override("ru"):
        assert (old.shown_title, old.shown_body) == ("Stored title", "Stored body")
    unknown = Notification.objects.create(
        user=world.owner, kind="due", title="T", body="B", message="gone.key", params={}
    )
    assert (unknown.shown_title, unknown.shown_body) == ("T", "B")


def test_the_notifications_page_and_api_speak_the_readers_language(world, client_for, api):
    _overdue(world, email=False)
    client = client_for("owner")
    client.cookies["keyplan_language"] = "pl"
    page = client.get(reverse("work:notifications")).content.decode()
    assert "Overdue: Call the buyer" not in page
    assert "04.12.2026" in page
    reader = api("owner")
    reader.headers["Accept-Language"] = "ru"
    body = reader.get("/me/notifications").json()
    items = body["items"] if isinstance(body, dict) else body
    assert items[0]["title"] != "Overdue: Call the buyer"
    assert "04.12.2026" in items[0]["body"]


def test_email_has_an_absolute_link_and_the_languages_dates(
    world, settings, django_capture_on_commit_callbacks
):
    settings.KEYPLAN_BASE_URL = "http://localhost:8000"
    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        _overdue(world)
    text = mail.outbox[0].body
    assert "http://localhost:8000/plans/12/actions/" in text
    assert "04.12.2026" in text and "/2026" not in text


def test_the_base_url_has_a_default():
    from django.conf import settings

    assert settings.KEYPLAN_BASE_URL.startswith("http")


def test_reminders_store_their_message(world):
    from keyplan.execution.checkpoints.services import checkpoints_schedule

    today = date(2026, 12, 30)  # monthly checkpoints, due on the 31st: in the window
    made = checkpoint(world.account, period_start=date(2026, 12, 1), due_on=date(2026, 12, 31))
    checkpoints_schedule(today=today)
    notice = Notification.objects.get(
        user=world.member, key=f"checkpoint:{made.pk}:{world.member.pk}"
    )
    assert notice.message == messages.CHECKPOINT_REMIND
    assert notice.params["due"] == made.due_on.isoformat()


# --- My work and the checkpoint reminders --------------------------------------------------------


def test_a_checkpoint_i_was_reminded_of_is_to_answer_whatever_its_due_date(world):
    today = timezone.localdate()
    far = checkpoint(world.account, due_on=today + timedelta(days=25))  # outside the window
    assert list(checkpoints_due(world.owner, today=today)) == []
    Notification.objects.create(
        user=world.owner, kind="checkpoint", title="t", key=f"checkpoint:{far.pk}:{world.owner.pk}"
    )
    assert list(checkpoints_due(world.owner, today=today)) == [far]
    assert my_work(world.owner, today=today).checkpoints.total == 1
    assert list(checkpoints_due(world.member, today=today)) == []  # not reminded: not yet


# --- score rationales ------------------------------------------------------------------------


def test_a_data_score_rationale_is_written_in_the_readers_language(world):
    payment = Criterion.objects.get(key="payment")  # linear 60 → 0 days late
    score = AccountScore.objects.create(
        account=world.account,
        criterion=payment,
        score=10,
        from_data=True,
        value=Decimal("-2.43"),
        rationale="days late: -2.43 → 10 (linear 60–0)",
        scored_at=timezone.now(),
    )
    with translation.override("en"):
        assert shown_rationale(score, payment, "PLN") == "days late: -2.43 → 10 (linear 60–0)"
    with translation.override("pl"):
        polish = shown_rationale(score, payment, "PLN")
    assert "2,43" in polish and "days late" not in polish and "→ 10" in polish
    person = AccountScore(from_data=False, score=4, rationale="Ich eigener Text")
    assert shown_rationale(person, payment, "PLN") == "Ich eigener Text"


# --- classes page, favicon, API docs ---------------------------------------------------------


def test_nothing_to_apply_disables_the_button(client_for, portfolio):  # noqa: F811
    client = client_for("director")
    assert "Apply: change 12 accounts" in client.get("/portfolio/classes/").content.decode()
    client.post("/portfolio/classes/", {"note": "year end"})
    page = client.get("/portfolio/classes/").content.decode()
    assert "Apply: change 0" not in page
    assert "nothing to apply" in page
    assert 'disabled aria-describedby="classes-nothing"' in page


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("keyplan/favicon.svg")


@pytest.mark.django_db
def test_api_docs_link_back_to_the_application(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())  # the docs are for signed-in internal users
    page = client.get(reverse("api:openapi-view")).content.decode()
    assert f'href="{reverse("home")}"' in page and "Back to keyplan" in page
    assert "keyplan/favicon.svg" in page
