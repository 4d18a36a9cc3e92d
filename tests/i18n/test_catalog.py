"""The Russian catalog is complete: every string marked in the code and templates has a
translation, none is fuzzy, each keeps its placeholders, and the compiled catalog the
site reads (django.mo, committed so a fresh clone needs no gettext) says the same.

`make messages` updates the catalog from the code; translate what it adds, then commit
both files."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?[a-z][a-z0-9]*")
# What makemessages reads: the project's own code and templates (the Makefile's `messages`).
SOURCES = ["manage.py", "ecosystem", "goals", "milestones", "partners", "stakeholders",
           "community", "voice", "webhooks", "templates"]  # fmt: skip


def entries():
    return [entry for entry in polib.pofile(str(CATALOG)) if not entry.obsolete]


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    """The strings marked in the code today, extracted by makemessages into a copy."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (apt-get install gettext)")
    root = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = Path(settings.BASE_DIR) / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    (root / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--add-location=file",
         "--no-obsolete"],
        cwd=root, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "DEBUG": "1",
             "PYTHONPATH": str(root)},
    )  # fmt: skip
    fresh = polib.pofile(str(root / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    return {key(entry) for entry in fresh if not entry.obsolete}


def test_every_marked_string_is_in_the_catalog_and_nothing_else(extracted):
    kept = {key(entry) for entry in entries()}
    assert sorted(extracted - kept) == [], "run `make messages` and translate what it adds"
    assert sorted(kept - extracted) == [], "strings no longer in the code: `make messages`"


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = [entry.msgid for entry in entries() if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries() if "fuzzy" in entry.flags]
    assert untranslated == []
    assert fuzzy == []


def found(text: str) -> set:
    return set(PLACEHOLDER.findall(text))


def test_every_translation_keeps_the_placeholders_and_tags_of_its_english():
    wrong = []
    for entry in entries():
        if entry.msgid_plural:
            # The first form also serves 21, 31... in Russian: it may name the number
            # that the English singular leaves out.
            first = entry.msgstr_plural[0]
            if (
                not found(entry.msgid)
                <= found(first)
                <= found(entry.msgid) | found(entry.msgid_plural)
            ):
                wrong.append((entry.msgid, first))
            pairs = [
                (entry.msgid_plural, text) for index, text in entry.msgstr_plural.items() if index
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for english, russian in pairs:
            if found(english) != found(russian):
                wrong.append((english, russian))
        for english, russian in [(entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, ""))]:
            if sorted(TAG.findall(english)) != sorted(TAG.findall(russian)):
                wrong.append((english, russian))
    assert wrong == []


def test_the_compiled_catalog_says_what_the_po_file_says():
    with COMPILED.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    for entry in entries():
        context = f"{entry.msgctxt}\x04" if entry.msgctxt else ""
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                assert catalog[(context + entry.msgid, index)] == text, entry.msgid
        else:
            assert catalog[context + entry.msgid] == entry.msgstr, entry.msgid
