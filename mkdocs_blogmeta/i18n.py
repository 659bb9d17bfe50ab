"""The plugin's own words ("Tags", "Page 2 of 5", "min read") in the site's language.

Translations are YAML files in `translations/`, one per language, mapping the
English text to the translation; English needs no file. Dates are written by
Babel in the language's own long form. No MkDocs import.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


@cache
def _table(language: str) -> dict[str, str]:
    path = TRANSLATIONS_DIR / f"{language}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


@cache
def _all_labels() -> frozenset[str]:
    return frozenset(k for p in TRANSLATIONS_DIR.glob("*.yml") for k in _table(p.stem))


def missing(language: str) -> list[str]:
    """The labels a language has no translation for (English is used instead): all of
    them for a language without a file; none for English."""
    code = locale_code(language)
    if code.split("_")[0].lower() == "en":
        return []
    table = _table(code) or _table(code.split("_")[0])
    return sorted(_all_labels() - set(table))


@cache
def labels(language: str | None) -> Labels:
    """One `Labels` per language: each language's blog renders with its own."""
    return Labels(language)


def languages() -> list[str]:
    """Languages with a translation file, and English."""
    return sorted({"en", *(p.stem for p in TRANSLATIONS_DIR.glob("*.yml"))})


_RTL_LANGUAGES = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}


def locale_code(language: str) -> str:
    """`pt-BR` -> `pt_BR`: the form Babel, the translation files and `og:locale` want."""
    return language.replace("-", "_")


def bcp47(language: str | None) -> str | None:
    """`en_US` -> `en-US`: the form `<html lang>`, feeds and JSON-LD want."""
    return language.replace("_", "-") if language else None


def is_rtl(language: str | None) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, ...)."""
    return bool(language) and language.split("_")[0].split("-")[0].lower() in _RTL_LANGUAGES


class Labels:
    """The plugin's labels in one language (`fr`, `pt_BR`, `de-CH`, ...)."""

    def __init__(self, language: str | None = None) -> None:
        code = locale_code(language or "en")
        self.language = code
        self.table = _table(code) or _table(code.split("_")[0])
        try:
            self.locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            self.locale = Locale.parse("en")

    def __repr__(self) -> str:
        return f"Labels({self.language!r})"

    def __call__(self, text: str, **values: Any) -> str:
        """`text` in this language, with its `{fields}` filled in."""
        text = self.table.get(text, text)
        return text.format(**values) if values else text

    def plural(self, one: str, many: str, n: int, **values: Any) -> str:
        """`{n} post` or `{n} posts`."""
        return self(one if n == 1 else many, n=n, **values)

    def date(self, value: datetime) -> str:
        """`March 26, 2023`, `26 mars 2023`: the language's long date."""
        return _long_date(value.date(), str(self.locale))

    def month(self, year: int, month: int) -> str:
        """`March 2023`, `mars 2023`: a month of the date archive, as the language says it."""
        return _month(year, month, str(self.locale))


# Kept by the locale's name: comparing Babel's `Locale` objects, as a cache keyed by them
# does on every hit, costs more than the lookup (every page prints dates).
@cache
def _long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=_locale(locale))


@cache
def _month(year: int, month: int, locale: str) -> str:
    return format_skeleton("yMMMM", date(year, month, 1), locale=_locale(locale))


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)
