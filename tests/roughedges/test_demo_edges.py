"""Issue #18, item 7: the demo prints its logins once, gives contacts their country's
phone code, and the tenure of the relationship differs between accounts."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from keyplan.demo.accounts.domain import PHONE_PREFIX, generate
from keyplan.demo.sales.domain import MONTHS, _lifecycles


def test_contacts_have_their_accounts_phone_code():
    portfolio = generate(seed=42, accounts=60)
    for account in portfolio.accounts:
        for contact in account.contacts:
            assert contact.phone.startswith(PHONE_PREFIX[account.country] + " "), (
                account.country,
                contact.phone,
            )


def test_customers_start_buying_at_different_times():
    portfolio = generate(seed=42, accounts=120)
    buyers = [a for a in portfolio.accounts if a.account_class in ("strategic", "regular")]
    firsts = {first for first, _count in _lifecycles(buyers, 42).values()}
    assert len(firsts | {0}) >= 8  # many different first months, so tenures differ
    assert all(0 <= first < MONTHS for first in firsts)


def test_seed_demo_can_leave_the_logins_out(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("seed_demo", accounts=10, lines=0, no_logins=True, stdout=out, stderr=StringIO())
    assert "Logins" not in out.getvalue()


def test_the_demo_command_asks_seed_demo_not_to_print_them():
    from keyplan.demo.management.commands import demo

    source = Path(demo.__file__).read_text()
    assert 'call_command("seed_demo", seed=seed, no_logins=True)' in source
    assert source.count("demo_logins_text()") == 1


def test_demo_requests_are_written_in_the_accounts_language():
    from keyplan.demo.execution.domain import REQUESTS
    from keyplan.demo.execution.texts import REQUEST_TEXTS, request_text

    english = REQUESTS[9][5:]
    assert "expected volume" in english[2]
    assert request_text(9, "pl", english)[2].startswith("Brak uzasadnienia")
    assert request_text(9, "ru", english)[2].startswith("Пока нет")
    assert request_text(9, "en", english) == english
    for texts in REQUEST_TEXTS.values():
        assert len(texts) == len(REQUESTS)
        assert [bool(t[2]) for t in texts] == [bool(r[7]) for r in REQUESTS]
