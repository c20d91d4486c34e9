"""Checked reading of the demo data's TOML files: typed getters that name the file and entry.

Every table of a file is read through an Entry: its keys come out through typed getters
(text, flag, number, date …), and `done()` then rejects any key nobody read, so a misspelt
key is an error rather than a silent default. Every problem raises DemoDataError with a
message that says where: "shanting_gi/demo/data/producers.toml, producer #7 (P07): …".
"""

import datetime
import re
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings

EXAMPLE = "示例"
MISSING = object()


class DemoDataError(ValueError):
    """A demo data file is malformed; the message names the file and the entry."""


class Entry:
    """One table of a data file (or the file itself), with where it is for messages."""

    def __init__(self, where, table):
        self.where = where
        self.table = table
        self.seen = set()

    def error(self, message):
        raise DemoDataError(f"{self.where}: {message}")

    def _get(self, key, default, kinds, what):
        self.seen.add(key)
        if key not in self.table:
            if default is MISSING:
                self.error(f"'{key}' is missing")
            return default
        value = self.table[key]
        # bool is an int to Python and a datetime is a date; neither is what a file means.
        wrong = isinstance(value, bool) and bool not in kinds
        wrong = wrong or (isinstance(value, datetime.datetime) and datetime.datetime not in kinds)
        if wrong or not isinstance(value, kinds):
            self.error(f"'{key}' must be {what}, not {value!r}")
        return value

    def text(self, key, default=MISSING, *, choices=None, pattern=None, example=False):
        """A string; `example=True` insists that it says 示例 (the record is invented)."""
        value = self._get(key, default, (str,), "a string")
        if key not in self.table:
            return value
        if choices is not None and value not in choices:
            self.error(f"'{key}' must be one of {', '.join(choices)}; not {value!r}")
        if pattern is not None and not re.fullmatch(pattern, value):
            self.error(f"'{key}' {value!r} does not match {pattern}")
        if example and EXAMPLE not in value:
            self.error(f"'{key}' {value!r} must say {EXAMPLE}: the record is invented")
        return value

    def flag(self, key, default=MISSING):
        return self._get(key, default, (bool,), "true or false")

    def integer(self, key, default=MISSING):
        return self._get(key, default, (int,), "a whole number")

    def number(self, key, default=MISSING):
        """A Decimal, from a TOML integer or float (10.6 stays exactly 10.6)."""
        value = self._get(key, default, (int, float), "a number")
        if key not in self.table:
            return value
        if value != value or value in (float("inf"), float("-inf")):
            self.error(f"'{key}' must be a finite number, not {value!r}")
        return Decimal(str(value))

    def date(self, key, default=MISSING):
        return self._get(key, default, (datetime.date,), "a date such as 2024-05-20")

    def texts(self, key, default=MISSING, *, choices=None):
        values = self._get(key, default, (list,), "a list of strings")
        if key not in self.table:
            return values
        for value in values:
            if not isinstance(value, str) or (choices is not None and value not in choices):
                allowed = f"one of {', '.join(choices)}" if choices else "a string"
                self.error(f"every item of '{key}' must be {allowed}; not {value!r}")
        return list(values)

    def integers(self, key, allowed):
        values = self._get(key, MISSING, (list,), "a list of whole numbers")
        if any(type(value) is not int or value not in allowed for value in values):
            self.error(f"'{key}' must list whole numbers from {allowed}, not {values!r}")
        return list(values)

    def ref(self, key, known, what, default=MISSING):
        """A string that names something defined elsewhere in the files."""
        value = self.text(key, default)
        if key in self.table and value not in known:
            self.error(f"'{key}' names {what} {value!r}, which the data files do not define")
        return value

    def section(self, key):
        """A sub-table (such as a product's [product.approval]), read as an Entry of its own."""
        return Entry(f"{self.where}, {key}", self._get(key, MISSING, (dict,), "a table"))

    def tables(self, key, label=None, *, unique=()):
        """The entries of an array of tables ([[key]]), each named in messages by `label`.

        `unique` lists keys (or tuples of keys) whose values no two entries may share.
        """
        items = self._get(key, MISSING, (list,), f"an array of tables ([[{key}]])")
        entries, seen = [], {names: {} for names in unique}
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.error(f"{key} #{number} must be a table, not {item!r}")
            where = f"{self.where}, {key} #{number}"
            if label and isinstance(item.get(label), str | datetime.date):
                where += f" ({item[label]})"
            entry = Entry(where, item)
            for names, earlier in seen.items():
                parts = names if isinstance(names, tuple) else (names,)
                value = tuple(item.get(part) for part in parts)
                if None in value:
                    continue
                if value in earlier:
                    shown = " and ".join(f"{p} {v!r}" for p, v in zip(parts, value, strict=True))
                    entry.error(f"{shown}: already used by {key} #{earlier[value]}")
                earlier[value] = number
            entries.append(entry)
        return entries

    def done(self):
        unknown = sorted(set(self.table) - self.seen)
        if unknown:
            known = ", ".join(sorted(self.seen))
            self.error(f"unknown key {', '.join(map(repr, unknown))} (known keys: {known})")


def shown(path):
    """A path as a message shows it: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def read_files(directory, names):
    """{name: Entry} for directory/<name>.toml; no file may be missing, none left unread."""
    directory = Path(directory)
    if stray := sorted({path.stem for path in directory.glob("*.toml")} - set(names)):
        raise DemoDataError(
            f"{shown(directory)}: {', '.join(f'{s}.toml' for s in stray)} is read by nothing; "
            "add it to FILES in shanting_gi/demo/loader.py or remove it"
        )
    files = {}
    for name in names:
        path = directory / f"{name}.toml"
        try:
            with path.open("rb") as handle:
                table = tomllib.load(handle)
        except FileNotFoundError:
            raise DemoDataError(f"{shown(path)}: the file is missing") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise DemoDataError(f"{shown(path)}: not valid TOML: {error}") from None
        files[name] = Entry(shown(path), table)
    return files
