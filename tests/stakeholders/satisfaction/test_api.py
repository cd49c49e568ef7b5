"""The satisfaction API: CRUD under the one access rule (404 for accounts the caller may
not see, 403 for read-only roles writing), 422 naming the field, 409 on a stale version."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from keyplan.stakeholders.models import SatisfactionAnswer
from tests.factories import ContactFactory
from tests.support import NOT_FOUND, ApiClient, assert_error

from .support import add_answer

TODAY = timezone.localdate()
DAY = (TODAY - timedelta(days=3)).isoformat()
BODY = {"answered_on": DAY, "score": 9, "comment": "fast support"}


def answers_path(world) -> str:
    return f"/accounts/{world.account.pk}/satisfaction"


def test_create_read_and_list(world, api):
    client = api("member")
    created = client.post(answers_path(world), {**BODY, "contact_id": world.contact.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["score"], body["answered_on"], body["source"], body["source_label"]) == (
        9,
        DAY,
        "manual",
        "Entered by hand",
    )
    assert body["contact"] == {"id": world.contact.pk, "name": "Jan Kowalski"}
    assert body["created_by"]["username"] == "member"
    assert body["account_id"] == world.account.pk
    assert client.get(f"/satisfaction/{body['id']}").json() == body
    add_answer(world.account, day=TODAY - timedelta(days=30), score=2)
    listed = client.get(answers_path(world)).json()
    assert listed["count"] == 2
    assert [item["score"] for item in listed["items"]] == [9, 2]
    assert listed["items"][1]["contact"] is None


def test_patch_changes_what_is_sent_and_a_stale_version_is_409(world, api):
    answer = add_answer(world.account, day=TODAY, score=5, contact=world.contact)
    client = api("owner")
    first = client.get(f"/satisfaction/{answer.pk}").json()
    patched = client.patch(
        f"/satisfaction/{answer.pk}",
        {"score": 6, "contact_id": None, "updated_at": first["updated_at"]},
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["score"], patched.json()["contact"]) == (6, None)
    assert patched.json()["answered_on"] == TODAY.isoformat()
    stale = client.patch(
        f"/satisfaction/{answer.pk}", {"comment": "late", "updated_at": first["updated_at"]}
    )
    assert_error(stale, 409, "updated_at")
    assert SatisfactionAnswer.objects.get().comment == ""


def test_delete_with_and_without_the_version_seen(world, api):
    answer = add_answer(world.account)
    client = api("director")
    stale = client.client.delete(
        f"/api/v1/satisfaction/{answer.pk}?updated_at=2020-01-01T00:00:00%2B00:00",
        headers=client.headers,
    )
    assert_error(stale, 409)
    assert client.delete(f"/satisfaction/{answer.pk}").status_code == 204
    assert not SatisfactionAnswer.objects.exists()
    assert SatisfactionAnswer.history.filter(history_type="-").count() == 1
    assert client.get(f"/satisfaction/{answer.pk}").json() == NOT_FOUND


def test_outsiders_get_404_and_viewers_403(world, api):
    answer = add_answer(world.account)
    outsider, viewer = api("outsider"), api("viewer")
    assert outsider.get(answers_path(world)).json() == NOT_FOUND
    assert outsider.get(f"/satisfaction/{answer.pk}").status_code == 404
    assert_error(outsider.post(answers_path(world), BODY), 404)
    assert_error(outsider.patch(f"/satisfaction/{answer.pk}", {"score": 1}), 404)
    assert_error(outsider.delete(f"/satisfaction/{answer.pk}"), 404)
    assert viewer.get(answers_path(world)).status_code == 200
    assert viewer.get(f"/satisfaction/{answer.pk}").status_code == 200
    assert_error(viewer.post(answers_path(world), BODY), 403)
    assert_error(viewer.patch(f"/satisfaction/{answer.pk}", {"score": 1}), 403)
    assert_error(viewer.delete(f"/satisfaction/{answer.pk}"), 403)
    assert api("portal").get(answers_path(world)).status_code == 404
    assert ApiClient(None).get(answers_path(world)).status_code == 401
    assert SatisfactionAnswer.objects.get().score == 7
    assert api("director").get("/satisfaction/999999").json() == NOT_FOUND


def test_invalid_input_is_422_naming_the_field(world, api):
    other = ContactFactory(account=world.other_account)
    client = api("owner")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    cases = [
        ({"score": 11}, "score", "The score goes from 0 to 10."),
        ({"score": -1}, "score", "The score goes from 0 to 10."),
        ({"score": 7.5}, "score", ""),
        ({"score": "seven"}, "score", ""),
        ({"answered_on": tomorrow}, "answered_on", "in the future"),
        ({"answered_on": "03.02.2026"}, "answered_on", ""),
        ({"contact_id": other.pk}, "contact_id", "Choose one of the account's contacts"),
        ({"contact_id": 0}, "contact_id", ""),
        ({"comment": "x" * 2001}, "comment", ""),
    ]
    for changes, field, words in cases:
        body = assert_error(client.post(answers_path(world), {**BODY, **changes}), 422, field)
        assert words in body["errors"][field][0], (changes, body)
    missing = {k: v for k, v in BODY.items() if k != "score"}
    assert_error(client.post(answers_path(world), missing), 422, "score")
    answer = add_answer(world.account)
    assert_error(client.patch(f"/satisfaction/{answer.pk}", {"score": None}), 422, "score")
    assert_error(client.patch(f"/satisfaction/{answer.pk}", {"score": 12}), 422, "score")
    assert SatisfactionAnswer.objects.count() == 1


def test_external_ids_are_unique(world, api):
    client = api("director")
    assert client.post(answers_path(world), {**BODY, "external_id": "Q-1"}).status_code == 201
    again = client.post(
        f"/accounts/{world.other_account.pk}/satisfaction", {**BODY, "external_id": "Q-1"}
    )
    assert_error(again, 422, "external_id")


def test_the_operations_are_documented(world, client_for):
    schema = client_for("director").get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/accounts/{account_id}/satisfaction"]) == {"get", "post"}
    assert set(paths["/api/v1/satisfaction/{answer_id}"]) == {"get", "patch", "delete"}
