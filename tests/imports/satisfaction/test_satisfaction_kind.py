"""The `satisfaction` import kind (`keyplan import satisfaction FILE`): answers matched to
their account and, optionally, to one of its contacts by e-mail or name; re-running a file
changes nothing; a corrected row with an id updates its answer; every rejected row is
reported with its line, column, value and reason and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.imports.models import ImportRowError
from keyplan.stakeholders.models import SatisfactionAnswer
from keyplan.stakeholders.satisfaction.selectors import account_satisfaction
from tests.factories import ContactFactory
from tests.imports.support import counts, run, write_csv

pytestmark = pytest.mark.django_db

HEADER = ["Customer ID", "Customer name", "Answered on", "Score", "Respondent", "Comment", "ID"]


def stored() -> dict[str, tuple]:
    return {
        a.external_id or a.comment: (
            a.account.name,
            a.answered_on,
            a.score,
            a.contact_id,
            a.source,
        )
        for a in SatisfactionAnswer.objects.select_related("account")
    }


def answer_rows(world) -> list[list[str]]:
    ext = world.account.external_id
    return [
        HEADER,
        [ext, "", "2026-01-15", "9", "Jan Kowalski", "great service", "S-1"],
        [ext, "", "2026-01-20", "4", world.contact.email.upper(), "late deliveries", "S-2"],
        ["", "Other Customer GmbH", "2026-02-01", "7", "", "fine", ""],
        [ext, "", "2026-02-03", "10", "kowalski jan", "no id", ""],
        [ext, "", "2026-02-04", "0", "", "", "S-3"],
    ]


def test_answers_are_imported_with_history(tmp_path, world):
    summary = run("satisfaction", str(write_csv(tmp_path / "answers.csv", answer_rows(world))))
    assert counts(summary) == (5, 5, 0, 0, 0)
    assert summary["mapping"] == {
        "account_external_id": "Customer ID",
        "account_name": "Customer name",
        "answered_on": "Answered on",
        "score": "Score",
        "respondent": "Respondent",
        "comment": "Comment",
        "external_id": "ID",
    }
    polmet, other, jan = world.account.name, world.other_account.name, world.contact.pk
    assert stored() == {
        "S-1": (polmet, date(2026, 1, 15), 9, jan, "import"),
        "S-2": (polmet, date(2026, 1, 20), 4, jan, "import"),
        "fine": (other, date(2026, 2, 1), 7, None, "import"),
        "no id": (polmet, date(2026, 2, 3), 10, jan, "import"),
        "S-3": (polmet, date(2026, 2, 4), 0, None, "import"),
    }
    history = SatisfactionAnswer.history.all()
    assert history.count() == 5
    assert {(h.history_type, h.history_change_reason) for h in history} == {("+", "import")}
    # without an id, the row's fingerprint is the key
    assert SatisfactionAnswer.objects.filter(external_id="").exclude(import_key="").count() == 2
    figures = account_satisfaction([world.account.pk], date(2026, 1, 1), date(2026, 2, 28))
    assert (figures[world.account.pk].mean, figures[world.account.pk].answers) == (
        pytest.approx(5.75),
        4,
    )


def test_re_running_the_same_file_changes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "answers.csv", answer_rows(world))
    run("satisfaction", str(path))
    before = list(SatisfactionAnswer.objects.order_by("pk").values_list())
    history = SatisfactionAnswer.history.count()
    again = run("satisfaction", str(path))
    assert counts(again) == (5, 0, 0, 5, 0)
    assert list(SatisfactionAnswer.objects.order_by("pk").values_list()) == before
    assert SatisfactionAnswer.history.count() == history


def test_a_corrected_row_with_an_id_updates_its_answer(tmp_path, world):
    rows = answer_rows(world)
    run("satisfaction", str(write_csv(tmp_path / "answers.csv", rows)))
    rows[1][3] = "8"  # S-1 corrected
    rows[1][4] = ""  # and made anonymous
    rows[3][3] = "6"  # no id: another answer
    summary = run("satisfaction", str(write_csv(tmp_path / "answers2.csv", rows)))
    assert counts(summary) == (5, 1, 1, 3, 0)
    corrected = SatisfactionAnswer.objects.get(external_id="S-1")
    assert (corrected.score, corrected.contact_id) == (8, None)
    assert SatisfactionAnswer.objects.filter(comment="fine").count() == 2
    change = SatisfactionAnswer.history.filter(history_type="~").get()
    assert (change.external_id, change.history_change_reason) == ("S-1", "import")


def test_a_file_without_comments_or_respondents_keeps_the_stored_ones(tmp_path, world):
    SatisfactionAnswer.objects.create(
        account=world.account,
        contact=world.contact,
        answered_on=date(2026, 1, 1),
        score=5,
        comment="entered by hand",
        external_id="M-1",
    )
    path = write_csv(
        tmp_path / "answers.csv",
        [
            ["account_external_id", "answered_on", "score", "external_id"],
            [world.account.external_id, "2026-01-01", "6", "M-1"],
        ],
    )
    assert counts(run("satisfaction", str(path))) == (1, 0, 1, 0, 0)
    answer = SatisfactionAnswer.objects.get()
    assert (answer.score, answer.comment, answer.contact_id) == (
        6,
        "entered by hand",
        world.contact.pk,
    )
    assert answer.source == "manual"  # an update keeps the source


def test_rejected_rows_are_reported_and_write_nothing(tmp_path, world):
    ext = world.account.external_id
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    ContactFactory(account=world.account, first_name="Anna", last_name="Nowak", email="a1@x.pl")
    ContactFactory(account=world.account, first_name="Anna", last_name="Nowak", email="a2@x.pl")
    ContactFactory(account=world.other_account, first_name="Eva", last_name="Braun")
    accounts_before = Account.objects.count()
    path = write_csv(
        tmp_path / "answers.csv",
        [
            HEADER,
            ["NOPE-1", "Nobody Ltd", "2026-01-01", "7", "", "", "A"],  # 2: no such account
            [ext, "", "2026-01-01", "11", "", "", "B"],  # 3: above 10
            [ext, "", "2026-01-01", "7.5", "", "", "C"],  # 4: not whole
            [ext, "", "2026-01-01", "-1", "", "", "D"],  # 5: below 0
            [ext, "", "2026-01-01", "good", "", "", "E"],  # 6: not a number
            [ext, "", tomorrow, "7", "", "", "F"],  # 7: in the future
            [ext, "", "2026-01-01", "", "", "", "G"],  # 8: no score
            [ext, "", "2026-01-01", "7", "Somebody Else", "", "H"],  # 9: unknown respondent
            [ext, "", "2026-01-01", "7", "Anna Nowak", "", "I"],  # 10: two Anna Nowaks
            [ext, "", "2026-01-01", "7", "Eva Braun", "", "J"],  # 11: another account's
            [ext, "", "2026-01-01", "8", "a2@x.pl", "ok", "K"],  # 12: the good one
            [ext, "", "2026-01-02", "9", "", "", "K"],  # 13: the same id again
            ["", "", "2026-01-01", "7", "", "", "L"],  # 14: no account at all
        ],
    )
    summary = run("satisfaction", str(path))
    assert counts(summary) == (13, 1, 0, 0, 12)
    assert list(SatisfactionAnswer.objects.values_list("external_id", "comment")) == [("K", "ok")]
    assert Account.objects.count() == accounts_before  # never creates accounts
    errors = list(
        ImportRowError.objects.filter(job_id=summary["job"])
        .order_by("line")
        .values_list("line", "column", "value", "reason")
    )
    assert [e[:3] for e in errors] == [
        (2, "Customer ID", "NOPE-1"),
        (3, "Score", "11"),
        (4, "Score", "7.5"),
        (5, "Score", "-1"),
        (6, "Score", "good"),
        (7, "Answered on", tomorrow),
        (8, "Score", ""),
        (9, "Respondent", "Somebody Else"),
        (10, "Respondent", "Anna Nowak"),
        (11, "Respondent", "Eva Braun"),
        (13, "", ""),
        (14, "account", ""),
    ]
    reasons = {line: reason for line, _c, _v, reason in errors}
    assert reasons[2] == "no such account"
    assert reasons[3] == "The score goes from 0 to 10."
    assert reasons[4] == "Enter a whole number from 0 to 10."
    assert reasons[5] == "The score goes from 0 to 10."
    assert "in the future" in reasons[7]
    assert reasons[8] == "a value is required"
    assert reasons[9] == "no contact of this account with this e-mail or name"
    assert reasons[10].startswith("several contacts of this account have this name")
    assert reasons[11] == "no contact of this account with this e-mail or name"
    assert reasons[13] == "duplicate of line 12"
    # the same file again: the same rows rejected, nothing else written
    again = run("satisfaction", str(path))
    assert counts(again) == (13, 0, 0, 1, 12)


def test_dry_run_writes_nothing(tmp_path, world):
    path = write_csv(tmp_path / "answers.csv", answer_rows(world))
    summary = run("satisfaction", str(path), "--dry-run")
    assert counts(summary) == (5, 5, 0, 0, 0)
    assert not SatisfactionAnswer.objects.exists()
    assert not SatisfactionAnswer.history.exists()


def test_identical_rows_without_an_id_are_duplicates(tmp_path, world):
    row = [world.account.external_id, "", "2026-01-05", "8", "", "same", ""]
    path = write_csv(tmp_path / "answers.csv", [HEADER, row, row])
    summary = run("satisfaction", str(path))
    assert counts(summary) == (2, 1, 0, 0, 1)
    error = ImportRowError.objects.get(job_id=summary["job"])
    assert (error.line, error.reason) == (3, "duplicate of line 2")


def test_the_generic_template_lists_the_required_columns_first(world, client_for):
    from django.urls import reverse

    response = client_for("director").get(
        reverse("imports:template", args=["satisfaction"]), {"preset": "generic"}
    )
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:2] == ["answered_on", "score"]
    assert {"account_external_id", "respondent", "comment", "external_id"} <= set(header)
