"""The Russian and Polish catalogs are complete, and the language cookie switches the UI.

`make messages` compiles the .mo files the running product uses; so that this file also
passes on a fresh checkout, `_compiled_catalogs` compiles any .mo that is missing or older
than its .po (with Babel, as `make messages` does) before the tests here run.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse

LANGUAGES = ("ru", "pl")
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
# Russian and Polish both have three plural forms (one / few / many).
PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}
# %(name)s, %(count)d, %s, %d … as Python's %-formatting reads them; "%%" is a literal percent.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<type>[a-zA-Z%])")


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def _catalog(lang: str) -> Catalog:
    with _po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain="django")


def _placeholders(text: str) -> set[str]:
    found = set()
    for match in PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        found.add(f"%({match['name']})" if match["name"] else f"%{match['type']}")
    return found


def _compile_if_stale(lang: str) -> bool:
    po = _po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return False
    catalog = _catalog(lang)
    # Write next to the target and rename, so a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, mo)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    compiled = [lang for lang in LANGUAGES if _compile_if_stale(lang)]
    if compiled:
        # Django caches loaded catalogs per process; this is how it drops them when
        # LOCALE_PATHS changes, so a catalog loaded before the .mo existed is reloaded.
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_header(lang):
    catalog = _catalog(lang)
    assert not catalog.fuzzy, f"{lang}: the header is still marked fuzzy"
    assert catalog.num_plurals == 3
    # Babel normalises some header values, so read them from the file itself.
    head = _po_path(lang).read_text(encoding="utf-8").split("\n\n", 1)[0]
    headers = dict(
        line.split(": ", 1)
        for line in "".join(re.findall(r'^"(.*)"$', head, flags=re.M)).split("\\n")
        if line
    )
    assert headers["Language"] == lang
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["Plural-Forms"] == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    catalog = _catalog(lang)
    problems = []
    for message in catalog:
        if not message.id:  # the header
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if message.pluralizable and len(strings) != catalog.num_plurals:
            problems.append(f"{len(strings)} plural forms instead of 3: {message.id!r}")
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    assert len(catalog) > 1, f"{lang}: the catalog is empty"
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    problems = []
    for message in _catalog(lang):
        if not message.id or not message.python_format:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        expected = set().union(*(_placeholders(i) for i in ids))
        strings = message.string if message.pluralizable else (message.string,)
        for form, string in enumerate(strings):
            got = _placeholders(string)
            if got != expected:
                problems.append(
                    f"{message.id!r} form {form}: missing {sorted(expected - got)}, "
                    f"unknown {sorted(got - expected)}"
                )
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_cookie_translates_the_login_page(client, lang):
    title = _catalog(lang)["Log in to keyplan"].string
    assert title and title != "Log in to keyplan"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert f"<h1>{html.escape(title)}</h1>" in content
    assert "Log in to keyplan" not in content
