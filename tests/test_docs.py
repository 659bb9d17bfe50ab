"""The README and the code say the same thing."""

from __future__ import annotations

from helpers import ROOT

from mkdocs_blogmeta import config, reference


def test_every_option_has_a_meaning_and_an_example() -> None:
    names = [name for name, _ in config.BlogmetaConfig._schema if name != "enabled"]
    docs = reference.docstrings()
    assert [n for n in names if not docs.get(n)] == []
    assert [n for n in names if n not in config.EXAMPLES] == []
    assert sorted(config.EXAMPLES) == sorted(names)


def test_readme_options_table_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split(reference.START, 1)[1].split(reference.END, 1)[0].strip()
    assert table == reference.markdown_table(), "run `python -m mkdocs_blogmeta.reference`"
