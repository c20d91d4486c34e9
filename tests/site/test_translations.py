"""The Simplified Chinese catalogue is complete, sound, and covers every string in the code.

Chinese is the default language of every page and of the back-office, so an English string
left untranslated is a visible defect. See docs/translation.md for updating the catalogue.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parents[2]
PO_PATH = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# The same ignores as the makemessages command line in docs/translation.md.
IGNORED_DIRS = {".venv", "node_modules", "staticfiles", "media", "tests", "bench", "locale"}
# The extensions makemessages reads for the "django" domain.
SOURCE_EXTENSIONS = {".py", ".html", ".txt"}

PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrs%]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def placeholders(text):
    """Named placeholders as a set, plus the count of unnamed ones (without "%%")."""
    named, unnamed = set(), 0
    for match in PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group(1):
            named.add(match.group(1))
        else:
            unnamed += 1
    return named, unnamed


def load_catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle, locale="zh_Hans")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PO_PATH)


def entries(catalog):
    return [message for message in catalog if message.id]


def label(message):
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{msgid!r}" + (f" (context {message.context!r})" if message.context else "")


def forms(message):
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_header_declares_simplified_chinese(catalog):
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == "zh_Hans"
    assert headers["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert not catalog.fuzzy, "the header is marked fuzzy"


def test_every_entry_is_translated_and_not_fuzzy(catalog):
    untranslated = [label(m) for m in entries(catalog) if not all(s.strip() for s in forms(m))]
    fuzzy = [label(m) for m in entries(catalog) if m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_translations_keep_every_placeholder(catalog):
    problems = []
    for message in entries(catalog):
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        expected_named = set().union(*(placeholders(i)[0] for i in ids))
        expected_unnamed = max(placeholders(i)[1] for i in ids)
        for text in forms(message):
            named, unnamed = placeholders(text)
            if named != expected_named or unnamed != expected_unnamed:
                problems.append(f"{label(message)} -> {text!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_translations_keep_html_tags(catalog):
    problems = []
    for message in entries(catalog):
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        tags = sorted(TAG.findall(msgid))
        for text in forms(message):
            if sorted(TAG.findall(text)) != tags:
                problems.append(f"{label(message)} -> {text!r}")
    assert not problems, "HTML tags differ:\n" + "\n".join(problems)


def test_msgfmt_accepts_the_catalogue(tmp_path):
    if not shutil.which("msgfmt"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (msgfmt) is required in CI")
        pytest.skip("GNU gettext is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def copy_sources(destination):
    """Copy what makemessages reads (.py, .html, .txt outside the ignored folders)."""
    for dirpath, dirnames, filenames in os.walk(BASE_DIR):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        relative = Path(dirpath).relative_to(BASE_DIR)
        for filename in filenames:
            if Path(filename).suffix in SOURCE_EXTENSIONS:
                target = destination / relative / filename
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / filename, target)


def test_catalogue_covers_every_translatable_string(tmp_path):
    """makemessages, run on a copy of the sources, finds nothing the catalogue lacks."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "src"
    copy_sources(copy)
    (copy / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shanting_gi.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    extracted = load_catalog(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    committed = {(m.context, m.id) for m in entries(load_catalog(PO_PATH))}
    missing = [label(m) for m in entries(extracted) if (m.context, m.id) not in committed]
    assert not missing, (
        f"{len(missing)} strings in the code are not in {PO_PATH.relative_to(BASE_DIR)}; "
        "run makemessages and translate them (docs/translation.md):\n" + "\n".join(missing)
    )
