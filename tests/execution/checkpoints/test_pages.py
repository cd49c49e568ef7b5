"""Checkpoint pages: the account alignment page with the quick form, the detail page,
the portfolio, the account-page card, with their query counts."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyplan.execution.checkpoints import domain as alignment
from keyplan.execution.checkpoints import services as checkpoints
from keyplan.execution.models import Checkpoint, CheckpointAnswer, ExecutionSettings
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory

SAA_ALL = {"information": (4, "shared CRM"), "people": (2, ""), "action": (3, "")}


def _current(world, kind="saa"):
    return checkpoints.checkpoint_open(user=world.owner, account=world.account, kind=kind)


def _past_rounds(account, n: int, *, raters: int = 2, skip: int = 0):
    """n monthly SAA rounds before the current one (and `skip` more), each rated by
    `raters` people."""
    start = alignment.period_start(timezone.localdate(), "monthly")
    for _ in range(skip):
        start = alignment.period_start(start - timedelta(days=1), "monthly")
    users = [UserFactory(role="team") for _ in range(raters)]
    for user in users:
        TeamMemberFactory(account=account, user=user)
    for i in range(1, n + 1):
        start = alignment.period_start(start - timedelta(days=1), "monthly")
        cp = Checkpoint.objects.create(
            account=account,
            kind="saa",
            period_start=start,
            due_on=alignment.due_on(start, "monthly"),
        )
        CheckpointAnswer.objects.bulk_create(
            CheckpointAnswer(checkpoint=cp, user=u, element=e, score=1 + (i + j) % 5)
            for j, u in enumerate(users)
            for e in ("information", "people", "action")
        )


def test_account_page_shows_the_quick_forms(world, client_for):
    _current(world)
    _current(world, "seven_s")
    response = client_for("member").get(f"/execution/alignment/account/{world.account.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="radio"') == (3 + 7) * 5
    assert 'name="score_information"' in html and 'name="score_systems"' in html
    assert "keyplan/alignment.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*[\[{])", html)  # only json_script


def test_viewer_reads_without_a_form(world, client_for):
    cp = _current(world)
    checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    html = client_for("viewer").get(f"/execution/alignment/account/{world.account.pk}/").content
    html = html.decode()
    assert 'type="radio"' not in html
    assert "Read-only" in html
    assert "Open this period" not in html


def test_open_button_when_no_round_yet(world, client_for):
    html = client_for("owner").get(f"/execution/alignment/account/{world.account.pk}/")
    assert "Open this period" in html.content.decode()
    response = client_for("owner").post(
        f"/execution/alignment/account/{world.account.pk}/open/", {"kind": "seven_s"}
    )
    assert response.status_code == 302
    assert Checkpoint.objects.filter(account=world.account, kind="seven_s").count() == 1
    bad = client_for("owner").post(
        f"/execution/alignment/account/{world.account.pk}/open/", {"kind": "x"}
    )
    assert bad.status_code == 302
    assert Checkpoint.objects.count() == 1


def test_results_highlight_weakest_and_disagreement(world, client_for):
    cp = _current(world)
    checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    checkpoints.answers_submit(
        user=world.owner,
        checkpoint=cp,
        answers={"information": (4, ""), "people": (4, ""), "action": (3, "")},
    )
    response = client_for("owner").get(f"/execution/alignment/account/{world.account.pk}/")
    html = response.content.decode()
    assert 'class="weakest"' in html  # people: average 3.0 vs action 3.0 tie -> people first
    assert "badge-disagreement" in html  # people: 2 and 4
    data = json.loads(
        re.search(r'id="chart-saa" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert [bar["name"] for bar in data["bars"]] == [
        "Information alignment",
        "People alignment",
        "Action alignment",
    ]
    assert data["bars"][1]["disagreement"] is True
    assert data["bars"][1]["low"] == 2 and data["bars"][1]["high"] == 4


def test_submit_from_the_page(world, client_for):
    cp = _current(world)
    client = client_for("member")
    url = f"/execution/alignment/checkpoints/{cp.pk}/answer/"
    response = client.post(url, {"score_information": "4", "score_people": "2"})
    assert response.status_code == 422
    assert "Rate “Action alignment” from 1 to 5." in response.content.decode()
    assert not CheckpointAnswer.objects.exists()
    response = client.post(
        url,
        {
            "score_information": "4",
            "score_people": "2",
            "score_action": "5",
            "comment_action": "weekly calls",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#cp-{cp.pk}")
    action = CheckpointAnswer.objects.get(element="action")
    assert (action.score, action.comment) == (5, "weekly calls")
    # the form is pre-filled with my answers; a submit with an old version is refused
    stale = (action.updated_at - timedelta(seconds=3)).isoformat()
    response = client.post(
        url,
        {
            "score_information": "1",
            "score_people": "1",
            "score_action": "1",
            "seen_updated_at": stale,
        },
    )
    assert response.status_code == 409
    assert "nothing was saved now" in response.content.decode()
    assert CheckpointAnswer.objects.get(element="action").score == 5


def test_detail_page_lists_every_raters_comments(world, client_for):
    cp = _current(world)
    checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    response = client_for("viewer").get(f"/execution/alignment/checkpoints/{cp.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "shared CRM" in html
    assert str(world.member) in html
    assert 'type="radio"' not in html
    response = client_for("owner").post(
        f"/execution/alignment/checkpoints/{cp.pk}/answer/",
        {"score_information": "3", "next": "detail"},
    )
    assert response.status_code == 422
    assert "Ratings by person" in response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_account_page_queries_do_not_grow_with_history(world, client_for):
    _current(world)
    client = client_for("owner")
    url = f"/execution/alignment/account/{world.account.pk}/"
    _past_rounds(world.account, 2)
    client.get(url)  # the first request also saves the session
    small = _count(client, url)
    _past_rounds(world.account, 10, raters=4, skip=2)
    assert _count(client, url) == small


def test_portfolio_lists_strategic_accounts_with_fixed_queries(world, client_for):
    client = client_for("director")
    _past_rounds(world.account, 3)
    html = client.get("/execution/alignment/").content.decode()
    assert world.account.name in html
    assert world.other_account.name not in html  # regular
    client.get("/execution/alignment/")
    small = _count(client, "/execution/alignment/?sort=-saa")
    for _ in range(4):
        _past_rounds(AccountFactory(account_class="strategic"), 3, raters=3)
    assert _count(client, "/execution/alignment/?sort=-saa") == small
    assert client.get("/execution/alignment/?class=all&sort=owner").status_code == 200


def test_portfolio_is_scoped_to_visible_accounts(world, client_for):
    hidden = AccountFactory(account_class="strategic", name="Hidden Strategic SA")
    html = client_for("outsider").get("/execution/alignment/").content.decode()
    assert hidden.name not in html and world.account.name not in html
    assert "No account of this class" in html


# --- the account page card -------------------------------------------------------------------


def test_card_shows_latest_averages_and_due_badge(world, client_for):
    ExecutionSettings.objects.update_or_create(pk=1, defaults={"reminder_days": 60})
    _past_rounds(world.account, 2)
    _current(world)
    html = client_for("owner").get(f"/accounts/{world.account.pk}/plan/").content.decode()
    card = html[html.index('id="alignment"') :]
    assert "SAA checkpoint" in card and "weakest:" in card
    assert "badge-due" in card
    viewer = client_for("viewer").get(f"/accounts/{world.account.pk}/plan/").content.decode()
    assert "badge-due" not in viewer[viewer.index('id="alignment"') :]


@pytest.mark.parametrize("rounds", [(1, 1), (8, 4)])
@pytest.mark.parametrize(("who", "expected"), [("owner", 3), ("member", 4)])
def test_card_queries_are_fixed(world, rounds, who, expected):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = getattr(world, who)
    ExecutionSettings.load()  # created once, on the first read ever
    template = Template("{% load alignment %}{% alignment_card account True %}")
    _past_rounds(world.account, rounds[0], raters=rounds[1])
    with CaptureQueriesContext(connection) as queries:
        template.render(Context({"account": world.account, "request": request}))
    assert len(queries) == expected, [q["sql"] for q in queries]


def test_due_for_user_lists_unanswered_rounds_of_my_accounts(world, client_for):
    from keyplan.execution.checkpoints.selectors import due_for_user

    ExecutionSettings.objects.update_or_create(pk=1, defaults={"reminder_days": 60})
    saa = _current(world)
    survey = _current(world, "seven_s")
    assert due_for_user(world.member) == sorted([saa, survey], key=lambda c: (c.due_on, c.pk))
    assert due_for_user(world.viewer) == []  # viewers do not rate
    assert due_for_user(world.director) == []  # not on the team
    checkpoints.answers_submit(user=world.member, checkpoint=saa, answers=SAA_ALL)
    assert due_for_user(world.member) == [survey]
    html = client_for("member").get("/execution/alignment/").content.decode()
    assert "Waiting for your rating" in html and f"#cp-{survey.pk}" in html
