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


def test_every_label_is_translated() -> None:
    """Every `t("...")` of the templates and every label the code uses has a translation
    in each language file, and no file holds a label nobody uses."""
    import re

    from mkdocs_blogmeta import i18n

    used: set[str] = set()
    for template in (ROOT / "mkdocs_blogmeta/templates").rglob("*.html"):
        text = template.read_text("utf-8")
        used |= set(re.findall(r"\bt\(\s*[\"']([^\"']+)[\"']", text))
        for one, many in re.findall(r"\btn\(\s*\"([^\"]+)\",\s*\"([^\"]+)\"", text):
            used |= {one, many}
    for source in (ROOT / "mkdocs_blogmeta").glob("*.py"):
        text = source.read_text("utf-8")
        used |= set(re.findall(r"labels\(\s*\"([^\"]+)\"", text))
        used |= set(re.findall(r"\"(Blog|Tags|Authors|Categories)\"", text))
    assert {"Tags", "Page {n} of {m}", "{n} min read", "Reading time"} <= used
    for language in i18n.languages():
        if language == "en":
            continue
        table = i18n.Labels(language).table
        assert sorted(used - set(table)) == [], language
        assert sorted(set(table) - used) == [], language
