"""Beside the plugins blogs already run: real packages from the registry, listed after
and before blogmeta (issue 18 grows this into the full matrix).

A post stays the file MkDocs documents: it keeps its `abs_src_path`, so a plugin that
reads the source through it (git revision dates) works on posts as on any page.
"""

from __future__ import annotations

import subprocess

import pytest
from adversarial.common import MARKER, assert_absent, build_case
from helpers import Site


def _git(site: Site) -> None:
    """The docs tree as a git repository with one commit, as a blog's is."""
    env = ["-c", "user.name=Blog", "-c", "user.email=blog@example.org"]
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    subprocess.run(["git", "-C", str(site.root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(site.root), *env, "commit", "-qm", "posts"], check=True)


@pytest.mark.parametrize("first", [True, False], ids=["after", "before"])
def test_git_revision_dates_on_posts(site: Site, first: bool) -> None:
    site.theme = "material"
    peer = "git-revision-date-localized"
    mine = {"blogmeta": {"cards": "off"}}
    site.post("2023-01-01_kept", body="Kept text.\n")
    site.post(f"2023-01-02_{MARKER}", body=f"Secret {MARKER}.\n", status="draft")
    site.config_file()
    _git(site)
    plugins = ["search", mine, peer] if first else ["search", peer, mine]
    site.extra = {"plugins": plugins}
    ok, said = build_case(site)
    assert ok, said
    page = site.html("kept/index.html")
    assert page.select(".git-revision-date-localized-plugin"), "no revision date on the post"
    assert page.select_one("h1").get_text(strip=True) == "Post kept"
    assert_absent(site.site, MARKER)
