"""Property-based tests: whatever the front matter and body, a build ends in a site
or in a clear message naming the file, never in an exception from the plugin.

The suite runs a bounded number of examples; set BLOGMETA_FUZZ_EXAMPLES for a
long campaign, e.g. `BLOGMETA_FUZZ_EXAMPLES=3000 ./scripts/test tests/test_fuzz.py`.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from helpers import BuildFailed, Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_blogmeta import posts

EXAMPLES = int(os.environ.get("BLOGMETA_FUZZ_EXAMPLES", "40"))
FIELDS = [*posts.SCHEMA_FIELDS, "written_with", "template", "description", "draft"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(timezones=st.just(UTC)),
    st.sampled_from(["2023-02-30", "2023-03-26T16:30:00.000Z", "yesterday", "../x", "", " ",
                     "null", "published", "draft", "./missing.png", "<script>", "0000-00-00"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip
front_matters = st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS))

# Hand-written YAML that dumping a dict never produces: anchors, tags, odd syntax.
RAW_YAML = [
    "title: &t 'Anchored'\nslug: anchored\ndate: 2023-01-01\nsubtitle: *t\n",
    "title: !!binary aGVsbG8=\nslug: bin\ndate: 2023-01-01\n",
    "title: !!python/object:os.system 'echo hi'\nslug: py\ndate: 2023-01-01\n",
    "title: !custom tag\nslug: custom\ndate: 2023-01-01\n",
    "? [complex, key]\n: value\ntitle: t\nslug: ck\ndate: 2023-01-01\n",
    "title: one\ntitle: two\nslug: dup\ndate: 2023-01-01\n",
    "title:\ttabbed\nslug: tab\ndate: 2023-01-01\n",
    "- just\n- a list\n",
    "just a string",
    "title: 'unterminated\nslug: x\n",
    "date: 2023-01-01 25:61:61\ntitle: t\nslug: badtime\n",
    "tags: &a [x, *a]\ntitle: t\nslug: rec\ndate: 2023-01-01\n",
    "slug: 9999999999999999999999999\ntitle: 1e400\ndate: 99999-01-01\n",
    "<<: {title: merged, slug: merged, date: 2023-01-01}\n",
    "",
]
bodies = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["TODO: x\n", "```\nTODO\n", "<iframe src=x>", "![x](./nope.png)",
                     "[a](../other/index.md)", "---\nlooks: like yaml\n---\n", "\x00\x01\x02",
                     "<script>alert(1)</script>", "# Title\n\n" + "word " * 500]),
)  # fmt: skip


def front_matter_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000)


def build_and_check(raw_front_matter: str, body: str, extra_posts: int = 0) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder), theme="mkdocs", plugin={"cards": "off"})
        path = site.docs / "posts/2023-01-01_fuzz/index.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\n{raw_front_matter}---\n{body}", "utf-8", errors="surrogatepass")
        site.post("2023-01-02_anchor", body="A normal post.\n")
        try:
            site.build()
        except BuildFailed as failed:
            messages = failed.messages()
            assert any("posts/" in m for m in messages), messages
            records = failed.records
        else:
            assert (site.site / "anchor/index.html").is_file()
            records = site.records
        assert not [r for r in records if r.exc_info], [r.getMessage() for r in records]
        for record in records:
            if record.name.startswith("mkdocs.plugins.mkdocs_blogmeta") and record.levelno >= 30:
                message = record.getMessage()
                assert "posts/" in message or "mkdocs.yml" in message, message


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(front_matters, bodies)
def test_any_front_matter_builds_or_is_explained(data: dict, body: str) -> None:
    data.setdefault("slug", "fuzz")
    build_and_check(front_matter_text(data), body)


@settings(max_examples=max(len(RAW_YAML), EXAMPLES // 4), deadline=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(st.sampled_from(RAW_YAML), bodies)
def test_hand_written_yaml_builds_or_is_explained(raw: str, body: str) -> None:
    build_and_check(raw if raw.endswith("\n") or not raw else raw + "\n", body)


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(values)
def test_parse_date_never_raises(value: object) -> None:
    result = posts.parse_date(value)
    assert result is None or (isinstance(result, datetime) and result.tzinfo is not None)
