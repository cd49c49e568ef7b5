"""The `interactions` import kind: meetings, calls, visits and e-mails (a calendar export)
written to stakeholders.Interaction with their participants and time entries,
idempotently, with every rejected row reported by line, column, value and reason."""

from __future__ import annotations

from datetime import date

import pytest

from keyplan.imports.models import ImportRowError
from keyplan.stakeholders.models import Interaction, Relationship, TimeEntry, TimeSource

from ...factories import ContactFactory
from ..support import counts, last_job, run, write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "Customer ID",
    "Date",
    "Type",
    "Duration",
    "Subject",
    "Notes",
    "Next step",
    "Our participants",
    "Their participants",
    "Event ID",
]


@pytest.fixture
def people(world):
    world.owner.first_name, world.owner.last_name = "Anna", "Nowak"
    world.owner.email = "anna.nowak@example.com"
    world.owner.save()
    world.contact.email = "jan.kowalski@polmet.example"
    world.contact.save()
    world.cfo = ContactFactory(account=world.account, first_name="Ewa", last_name="Lis", email="")
    return world


def rows(w) -> list[list[str]]:
    ext = w.account.external_id
    return [
        HEADER,
        [
            ext,
            "2026-03-02",
            "Meeting",
            "90",
            "Quarterly review",
            "Prices for 2027",
            "Send the offer",
            "owner; member",
            "jan.kowalski@polmet.example, Ewa Lis",
            "evt-1",
        ],
        # No event id: keyed by a fingerprint of account, date, type and subject.
        [ext, "2026-03-05", "звонок", "15", "Delivery delay", "", "", "Anna Nowak", "Lis Ewa", ""],
        [ext, "2026-03-06", "e-mail", "", "Offer sent", "", "", "", "", "evt-3"],
    ]


def interactions() -> dict[str, tuple]:
    return {
        i.source_key: (
            i.kind,
            i.occurred_on,
            i.duration_minutes,
            i.subject,
            sorted(u.username for u in i.our_people.all()),
            sorted(c.last_name for c in i.their_people.all()),
        )
        for i in Interaction.objects.prefetch_related("our_people", "their_people")
    }


def test_import_creates_interactions_time_and_last_contacts(tmp_path, people):
    w = people
    link = Relationship.objects.create(account=w.account, contact=w.contact, user=w.member)
    summary = run("interactions", str(write_csv(tmp_path / "i.csv", rows(w))), "--user", "admin")
    assert counts(summary) == (3, 3, 0, 0, 0)
    assert summary["mapping"]["their_people"] == "Their participants"
    assert summary["mapping"]["external_id"] == "Event ID"
    found = interactions()
    assert found["evt-1"] == (
        "meeting",
        date(2026, 3, 2),
        90,
        "Quarterly review",
        ["member", "owner"],
        ["Kowalski", "Lis"],
    )
    assert found["evt-3"] == ("email", date(2026, 3, 6), 0, "Offer sent", [], [])
    fingerprinted = [k for k in found if k.startswith("f:")]
    assert len(fingerprinted) == 1
    assert found[fingerprinted[0]][:2] == ("call", date(2026, 3, 5))
    entries = sorted(
        TimeEntry.objects.values_list("user__username", "minutes", "spent_on", "source")
    )
    assert entries == [
        ("member", 90, date(2026, 3, 2), TimeSource.INTERACTION),
        ("owner", 15, date(2026, 3, 5), TimeSource.INTERACTION),
        ("owner", 90, date(2026, 3, 2), TimeSource.INTERACTION),
    ]
    w.contact.refresh_from_db()
    w.cfo.refresh_from_db()
    link.refresh_from_db()
    assert w.contact.last_contact_on == date(2026, 3, 2)
    assert w.cfo.last_contact_on == date(2026, 3, 5)
    assert link.last_interaction_on == date(2026, 3, 2)
    history = Interaction.history.all()
    assert {(h.history_type, h.history_change_reason) for h in history} == {("+", "import")}
    assert {h.history_user.username for h in history} == {"admin"}
    assert set(Interaction.objects.values_list("created_by__username", flat=True)) == {"admin"}


def test_reimporting_the_same_file_changes_nothing(tmp_path, people):
    path = write_csv(tmp_path / "i.csv", rows(people))
    run("interactions", str(path))
    before = list(Interaction.objects.order_by("pk").values_list())
    entries = list(TimeEntry.objects.order_by("pk").values_list())
    history = Interaction.history.count()
    again = run("interactions", str(path))
    assert counts(again) == (3, 0, 0, 3, 0)
    assert list(Interaction.objects.order_by("pk").values_list()) == before
    assert list(TimeEntry.objects.order_by("pk").values_list()) == entries
    assert Interaction.history.count() == history


def test_a_corrected_row_updates_its_interaction(tmp_path, people):
    w = people
    run("interactions", str(write_csv(tmp_path / "i.csv", rows(w))))
    changed = rows(w)
    changed[1][3] = "60"  # shorter meeting
    changed[1][7] = "owner"  # the member did not come after all
    changed[2][5] = "Trucks late again"  # a note added to the fingerprinted call
    summary = run("interactions", str(write_csv(tmp_path / "j.csv", changed)))
    assert counts(summary) == (3, 0, 2, 1, 0)
    meeting = Interaction.objects.get(source_key="evt-1")
    assert [u.username for u in meeting.our_people.all()] == ["owner"]
    assert list(
        TimeEntry.objects.filter(interaction=meeting).values_list("minutes", flat=True)
    ) == [60]
    assert Interaction.objects.get(kind="call").notes == "Trucks late again"
    assert Interaction.objects.count() == 3


def test_rejected_rows_are_reported_with_line_and_reason(tmp_path, people):
    w = people
    ext = w.account.external_id
    bad = [
        HEADER,
        ["NO-SUCH", "2026-03-02", "meeting", "60", "X", "", "", "", "", "a"],
        [ext, "2026-03-02", "lunch", "60", "X", "", "", "", "", "b"],
        [ext, "2026-03-02", "meeting", "61.5", "X", "", "", "", "", "c"],
        [ext, "2026-03-02", "meeting", "60", "X", "", "", "nobody", "", "d"],
        [ext, "2026-03-02", "meeting", "60", "X", "", "", "", "Someone Else", "e"],
        [ext, "", "meeting", "60", "X", "", "", "", "", "f"],
        [ext, "2026-03-02", "meeting", "60", "", "", "", "", "", "g"],
        [ext, "2026-03-02", "meeting", "60", "X", "", "", "portal", "", "h"],
        [ext, "2026-03-03", "call", "10", "Fine", "", "", "owner", "", "ok"],
        [ext, "2026-03-03", "call", "10", "Again", "", "", "owner", "", "ok"],
    ]
    summary = run("interactions", str(write_csv(tmp_path / "bad.csv", bad)))
    assert counts(summary) == (10, 1, 0, 0, 9)
    errors = {
        e.line: (e.column, e.value, e.reason) for e in ImportRowError.objects.filter(job=last_job())
    }
    assert errors[2] == ("Customer ID", "NO-SUCH", "no such account")
    assert errors[3][:2] == ("Type", "lunch")
    assert "interaction type" in errors[3][2]
    assert errors[4][:2] == ("Duration", "61.5")
    assert errors[5][:2] == ("Our participants", "nobody")
    assert errors[6][:2] == ("Their participants", "Someone Else")
    assert errors[7] == ("Date", "", "a value is required")
    assert errors[8] == ("Subject", "", "a value is required")
    assert errors[9][:2] == ("Our participants", "portal")  # portal users are not ours
    assert "duplicate of line 10" in errors[11][2]
    assert Interaction.objects.get().subject == "Fine"


def test_dry_run_writes_nothing(tmp_path, people):
    path = write_csv(tmp_path / "i.csv", rows(people))
    summary = run("interactions", str(path), "--dry-run")
    assert counts(summary) == (3, 3, 0, 0, 0)
    assert not Interaction.objects.exists()
    assert not TimeEntry.objects.exists()
