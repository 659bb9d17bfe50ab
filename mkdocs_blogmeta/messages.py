"""Every message the plugin can give, in one catalogue.

Each message has a stable code, printed after it (`path:line: text [code]`), so a
reader can find it in the README's Messages table, which is generated from
`MESSAGES` (`scripts/reference.py`). Call sites never write
message text: they name a code and give its values, and a test checks that
every code they use exists, that every entry is used, and that the values
they pass are the template's placeholders.

Pure Python, no MkDocs import: the build, `blogmeta check` and another
engine's adapter all say the same words.
"""

from __future__ import annotations

import difflib
import logging
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import urls
from .model import Post, Problem

LEVELS = ("error", "warning", "info")
#: What the `messages:` option may set a code to: a level, or `off` (not said at all).
USER_LEVELS = (*LEVELS, "off")
#: How the README and `blogmeta check` call each level.
LEVEL_NAMES = {"error": "error", "warning": "warning", "info": "advice"}


@dataclass(frozen=True)
class Message:
    """One message: the words printed, and what the README says of it.

    `text` is a `str.format` template with named fields; `{field}` is the
    front matter field the problem is about, when there is one.
    """

    code: str
    level: str
    text: str
    means: str
    fix: str
    #: an error the build cannot go on past (the site would be wrong or overwritten):
    #: the `messages:` option cannot lower it
    fixed: bool = False

    def placeholders(self) -> set[str]:
        """The names the template needs, so a test can compare them with call sites."""
        return {name for _, name, _, _ in string.Formatter().parse(self.text) if name}


def _catalogue(*messages: Message) -> dict[str, Message]:
    found: dict[str, Message] = {}
    for message in messages:
        assert message.code not in found, f"{message.code} is in the catalogue twice"
        assert message.level in LEVELS, f"{message.code}: level {message.level!r}"
        assert not message.fixed or message.level == "error", f"{message.code}: fixed"
        found[message.code] = message
    return found


#: What an unreadable post does: nobody can tell whether it is published (a draft is not
#: exempt), and leaving it out would turn a published post's URL into a 404.
_STOPS = (
    "The build stops (a draft too: nobody can tell it is one); left out, a published post "
    "would vanish from the site and its URL turn into a 404. At `warning` (option "
    "`messages:`) the post is left out of the site instead."
)
_IGNORED = "The field is ignored; the post is built without it."

MESSAGES: dict[str, Message] = _catalogue(
    # -- reading a post's file ------------------------------------------------
    Message(
        "post-too-large",
        "error",
        "the file is {megabytes:.0f} MB; posts over 5 MB cannot be built "
        "(move embedded data, such as base64 images, into files of the bundle)",
        "Rendering so large a page would take minutes and gigabytes. " + _STOPS,
        "Make the file smaller: images and data belong in files beside `index.md`.",
    ),
    Message(
        "not-utf8",
        "error",
        "the file is not UTF-8 text, so the post cannot be read; save it as UTF-8",
        "The file cannot be decoded as UTF-8. " + _STOPS,
        "Save the file as UTF-8 in your editor.",
    ),
    Message(
        "utf16",
        "error",
        "the file is UTF-16 text, so the post cannot be read; save it as UTF-8",
        "The file starts with a UTF-16 byte-order mark. " + _STOPS,
        "Save the file as UTF-8 in your editor.",
    ),
    Message(
        "link-leaves-docs",
        "warning",
        "is a link to a file outside docs_dir; it is left out of the site "
        "(copy the file into docs_dir to publish it)",
        "A file (or folder) of the posts, or the authors file, is a symbolic link to "
        "something outside `docs_dir`; publishing it could leak files. The file is not "
        "copied, and the authors file is not read.",
        "Copy the file into the bundle instead of linking to it.",
    ),
    Message(
        "link-broken",
        "warning",
        "is a symbolic link to nothing (a missing file, or a loop of links); it is left "
        "out of the site",
        "A file of the posts is a link whose target does not exist. MkDocs could not copy "
        "it; it is left out.",
        "Remove the link, or copy the file it meant into the bundle.",
    ),
    Message(
        "bundle-without-index",
        "warning",
        "looks like a post bundle but has no index.md, so its files are left out of the "
        "site; add index.md, or rename the folder",
        "A folder named `YYYY-MM-DD_slug` holds no `index.md`, so it is no post. Its files "
        "are left out of the site: a post saved in another format (`index.mdx`) may be a "
        "draft, and its text would be published as it is.",
        "Add `index.md` to the folder, or rename it if it is not a post.",
    ),
    Message(
        "front-matter-missing",
        "error",
        "has no front matter (a block between '---' lines at the top), so the post cannot "
        "be read; start the file with its fields between '---' lines",
        "A post needs its fields. " + _STOPS,
        "Start the file with a `---` line, the fields, and another `---` line.",
    ),
    Message(
        "yaml-invalid",
        "error",
        "the front matter is not valid YAML ({problem}), so the post cannot be read; fix "
        "the YAML at this line (a value holding ': ' or '[' needs quotes)",
        "YAML could not parse the front matter; the line is where it stopped. " + _STOPS,
        "Fix the YAML at that line (often a `:` or `[` in a value that needs quotes).",
    ),
    Message(
        "front-matter-not-mapping",
        "error",
        "the front matter is not a list of 'field: value' lines, so the post cannot be read; "
        "write one 'field: value' per line",
        "The front matter is valid YAML but a list or a single value. " + _STOPS,
        "Write one `field: value` per line.",
    ),
    # -- fields ---------------------------------------------------------------
    Message(
        "assumed",
        "info",
        "assumed: {what}",
        "A field the post lacks was filled in: from the site's `defaults`, the folder "
        "name, the first heading, or another engine's field name "
        "(`blogmeta check --verbose` and `blogmeta list --json` show these).",
        "Nothing; write the field to make it explicit.",
    ),
    Message(
        "field-both-given",
        "info",
        "'{field}' and '{ours}' are both given; '{ours}' is used",
        "The post has a SCHEMA.md field and another engine's name for it (`description` "
        "and `meta_description`) with different values; the SCHEMA.md field wins.",
        "Remove one of the two.",
    ),
    Message(
        "slug-from-title",
        "info",
        "'slug' is missing; made from the title: '{slug}'",
        "The post is built at the slug made from its title, as Material does.",
        "Nothing; add `slug:` to choose the URL yourself.",
    ),
    Message(
        "status-conflict",
        "info",
        "'{field}: {value}' holds the post back although '{other}' says it is published; "
        "the post is not published",
        "Two fields that decide whether the post is published disagree (`status: published` "
        "and `draft: true`); the one that holds it back wins.",
        "Remove the field that is no longer true.",
    ),
    Message(
        "date-holds-back",
        "error",
        "'{field}' cannot be read as a date ({value}); the post is not published until it is "
        "written as ISO 8601, e.g. '{field}: 2023-03-26T16:30:00Z'",
        "`publishDate` or `expiryDate` decides when the post is shown; unread, it could "
        "publish a post too early or keep an expired one. The build stops; at `warning` "
        "(option `messages:`) the post is held back instead.",
        "Write the date as ISO 8601.",
    ),
    Message(
        "language-unknown",
        "warning",
        "is in language '{language}', which the `languages:` option does not name; it is "
        "left in the default language's blog",
        "With a `languages:` option, each post belongs to the blog of its language: its "
        "`language` field, or the suffix of a translation file (`index.it.md`); a regional "
        "code is in its language's blog (`en_US` in `en`'s) unless the option names it. A "
        "language the option does not list has no blog of its own; a translation file in "
        "it stays a page of its bundle.",
        "Add the language to `languages:`, or correct the post's `language` or file name.",
    ),
    Message(
        "translation-missing",
        "info",
        "has no translation in {languages}",
        "Said by `blogmeta check --verbose` for each published post of the default language "
        "(`languages:`) that another language's blog lacks; nothing is wrong.",
        "Write one: `blogmeta new --lang it --from <post>` puts `index.it.md` beside the post.",
    ),
    Message(
        "translation-inherits",
        "info",
        "takes {fields} from {post}, the post it translates",
        "Said by `blogmeta check --verbose` for each translation file (`index.it.md`): "
        "what its front matter does not write (date, tags, images, author) comes from the "
        "post it translates, not from the site's defaults.",
        "Nothing; write a field in the translation to give it its own value.",
    ),
    Message(
        "translation-key-unmatched",
        "warning",
        "translation_key '{key}' matches no other post, so the post has no translations",
        "Said by `blogmeta check`. Posts in different bundles or files are translations of "
        "one another when they share a `translation_key` (Hugo's `translationKey`); no "
        "other published post has this one.",
        "Give the post and its translations the same `translation_key`, or remove it.",
    ),
    Message(
        "bundle-page-held",
        "info",
        "is a page of the bundle of {post} but is not published ({reason}); it is left out "
        "of the site",
        "A second Markdown file of a bundle (`notes.md`, `index.fr.md`) is published only "
        "when the bundle's post is and its own front matter says so (no front matter: it "
        "follows the post). It is left out: no page, no search entry.",
        "Nothing, or set the page's `status: published`.",
    ),
    Message(
        "file-of-draft",
        "info",
        "is used only by {post}, which is not published; it is left out of the site",
        "A file outside any bundle (an image beside a single-file post, or a file of a "
        "dated folder whose posts are all held back) that only drafts, future posts or "
        "unreadable posts use would be copied as it is: it is left out until a published "
        "post uses it.",
        "Nothing, or publish the post (or give the post a bundle: a folder with `index.md`).",
    ),
    Message(
        "authors-not-list",
        "warning",
        "'{field}' should be a list of author slugs such as ['ada-quinn'], not {kind}; it is "
        "ignored",
        "`authors` is a number, true/false or a mapping. " + _IGNORED,
        "Write a list: `authors: [ada-quinn]`.",
    ),
    Message(
        "one-author",
        "info",
        "'{field}' is one name, not a list; read as the one author '{value}'",
        "`authors: ada` is read as `authors: [ada]`, never as the letters of the name.",
        "Nothing, or write `authors: [ada]`.",
    ),
    Message(
        "tags-split",
        "info",
        "'{field}' is text holding commas; read as {count} entries: {tags}",
        '`tags: "a, b"` is read as `tags: [a, b]`, as Hugo and Jekyll users write it.',
        "Nothing, or write a list: `tags: [a, b]`.",
    ),
    Message(
        "not-text",
        "warning",
        "'{field}' should be text, not {kind}; the value is ignored",
        "A text field holds a list, a mapping or true/false (`title: [a, b]`). " + _IGNORED,
        "Write the value as text (quote it if YAML reads it as something else).",
    ),
    Message(
        "template-invalid",
        "warning",
        "'template' should name a theme template such as 'main.html'; it is ignored",
        "`template` is not a file name. The page uses the theme's `main.html`.",
        "Give a template of the theme, or remove the field.",
    ),
    Message(
        "template-missing",
        "warning",
        "'template' '{name}' is not a template of the theme; the page uses main.html",
        "The theme (and `custom_dir`) has no such template.",
        "Fix the name, or add the template to `custom_dir`.",
    ),
    Message(
        "template-reserved",
        "warning",
        "'template' '{name}' is one of the plugin's own templates, which render a part of "
        "a page; the page uses the theme's main.html",
        "The plugin's templates (`blogmeta/...`) need values only the plugin gives; as a "
        "page's template they would stop the build.",
        "Remove `template`, or name a template of the theme or `custom_dir`.",
    ),
    Message(
        "slug-missing",
        "error",
        "'slug' is missing; add 'slug: my-post', the post's URL segment "
        "(the post cannot be built without it)",
        "No slug is written, none is in the folder name and none can be made from the "
        "title. " + _STOPS,
        "Add `slug: my-post`.",
    ),
    Message(
        "slug-invalid",
        "error",
        "'slug' '{slug}' cannot be a URL segment (use letters, digits, '-', '_', '.'); "
        "write for example 'slug: {suggestion}' (the post cannot be built)",
        "The slug has characters a URL segment cannot hold (`/`, spaces, `..`). " + _STOPS,
        "Use the suggested slug, or another made of letters, digits, `-`, `_` and `.`.",
    ),
    Message(
        "author-slug-invalid",
        "warning",
        "'author_slug' '{value}' cannot be a URL segment; write for example "
        "'author_slug: {suggestion}' (it is ignored)",
        "The author's page URL cannot hold it. The post's author is found by name.",
        "Use the suggested slug.",
    ),
    Message(
        "post-url-needs-author-slug",
        "error",
        "'author_slug' is missing but post_url '{template}' needs it, so the post cannot be "
        "placed; add 'author_slug: ...'",
        "`post_url` has `{author_slug}` and the post has no author slug. " + _STOPS,
        "Add `author_slug:` to the post (or to the site's `defaults`).",
    ),
    Message(
        "date-missing",
        "error",
        "'{field}' is missing; add '{field}: 2023-03-26T16:30:00Z' (ISO 8601, UTC): "
        "the post cannot be built without it",
        "The post has no date and its folder name gives none. " + _STOPS,
        "Add `date:`, or name the folder `YYYY-MM-DD_slug`.",
    ),
    Message(
        "date-invalid",
        "error",
        "'{field}' cannot be read as a date ('{value}'); write it as ISO 8601, "
        "e.g. '{field}: 2023-03-26T16:30:00Z' (the post cannot be built)",
        "`date` is not a date (`next tuesday`, `2023-02-30`). " + _STOPS,
        "Write the date as ISO 8601.",
    ),
    Message(
        "date-field-invalid",
        "warning",
        "'{field}' cannot be read as a date ('{value}'); write it as ISO 8601, "
        "e.g. '{field}: 2023-03-26T16:30:00Z' (it is ignored)",
        "`updated`, `publish_date` or `expiry_date` is not a date. " + _IGNORED,
        "Write the date as ISO 8601.",
    ),
    Message(
        "updated-before-date",
        "warning",
        "'updated' ({updated}) is earlier than 'date' ({date}); fix one of them",
        "The post would say it was changed before it was written. It is built as is.",
        "Correct `updated` or `date`.",
    ),
    Message(
        "title-missing",
        "warning",
        "'title' is missing; add 'title: ...' (the post is shown as '{fallback}')",
        "No title is written and the body has no `# Heading` to take it from; the slug "
        "is shown instead.",
        "Add `title:`.",
    ),
    Message(
        "title-too-long",
        "info",
        "'title' has {length} characters; X and search engines cut titles after {limit}: "
        "add a shorter 'meta_title' for share cards",
        "Search results and share cards will cut the title. It is built as is.",
        "Add a shorter `meta_title` (used for `<title>` and share tags).",
    ),
    Message(
        "meta-title-too-long",
        "info",
        "'meta_title' has {length} characters; X and search engines cut titles after "
        "{limit}: shorten it",
        "Search results and share cards will cut it. It is built as is.",
        "Shorten `meta_title`.",
    ),
    Message(
        "description-too-long",
        "info",
        "'{field}' has {length} characters; share cards cut descriptions after {limit}: shorten it",
        "`meta_description` (or `subtitle`, its fallback) will be cut. It is built as is.",
        "Shorten it, or add a shorter `meta_description`.",
    ),
    Message(
        "language-invalid",
        "warning",
        "'language' '{value}' is not of the form 'en_US'",
        "`og:locale` and `<html lang>` want a locale. It is written as is.",
        "Write it as `en_US`, `fr_FR`, `de` ...",
    ),
    Message(
        "layout-not-post",
        "warning",
        "'layout' is '{layout}', not 'post': the page is built at its URL but kept out of "
        "the blog; set 'layout: post' to make it a post",
        "The page is built as a plain page, in no index, tag page or feed.",
        "Set `layout: post`, or keep it if the page is meant to be plain.",
    ),
    Message(
        "tags-not-list",
        "warning",
        "'{field}' should be a list such as ['life', 'career'], not {kind}; it is ignored",
        "`tags` (or `categories`) is a mapping or a number. " + _IGNORED,
        "Write a list: `tags: [life, career]`.",
    ),
    Message(
        "too-many-tags",
        "warning",
        "'{field}' has {count} entries; only the first {limit} are used",
        "Every tag is a page to build; more than 100 on one post is a mistake.",
        "Keep the tags that matter.",
    ),
    Message(
        "tag-not-text",
        "warning",
        "'{field}' holds {kind}; each entry should be text (that entry is ignored)",
        "An entry of `tags` (or `categories`) is a list, a mapping or true/false.",
        "Write each entry as text.",
    ),
    Message(
        "authors-invalid",
        "warning",
        "'authors' holds {value!r}, which cannot be a URL segment; it is ignored",
        "An entry of `authors` cannot be an author page's URL. That entry is ignored.",
        "Use author slugs (`ada-quinn`), as keys of the authors file.",
    ),
    Message(
        "readtime-invalid",
        "warning",
        "'readtime' should be a number of minutes; it is ignored",
        "The reading time is counted from the text instead.",
        "Write a whole number (`readtime: 7`), or remove it.",
    ),
    Message(
        "series-invalid",
        "warning",
        "'series' should be the series' name as text (or Hugo's list of names), not {kind}; "
        "the post is in no series",
        "The post gets no series box and is on no series page.",
        "Write the name: `series: Rust on Lambda`.",
    ),
    Message(
        "series-order-invalid",
        "warning",
        "'series_order' should be a whole number (the part's place in its series), not "
        "{value}; the part is placed by its date",
        "Parts with `series_order` come first, by number; the others follow by date.",
        "Write a whole number (`series_order: 2`), or remove it.",
    ),
    Message(
        "feed-content-invalid",
        "warning",
        "'{field}' is '{value}'; write full, excerpt or description (the site's "
        "feed_content is used)",
        "The post's `feed_content` says what the feeds carry of it: the whole post, its "
        "excerpt (up to `excerpt_separator`) or its description. Any other value is "
        "ignored.",
        "Write `feed_content: excerpt` (or `full`, `description`), or remove the field.",
    ),
    Message(
        "latest-marker-invalid",
        "warning",
        "the marker '{marker}' cannot be read ({reason}); it is left out of the page",
        "A `<!-- blogmeta:latest N -->` marker needs a number of posts (1 or more) and may "
        "name `tag=`, `author=`, `category=` or `series=`, each once, with a value some "
        "published post has. The page is built without the list.",
        "Write for example `<!-- blogmeta:latest 3 tag=rust -->`, quoting a value with "
        'spaces (`tag="machine learning"`).',
    ),
    Message(
        "latest-in-post",
        "warning",
        "'{marker}' lists posts on normal pages only, not in a post; it is left out",
        "A post's body is quoted by the feeds, its description and other listings: a "
        "list of posts inside it would be repeated everywhere. The marker is taken out.",
        "Move the marker to a page of the site that is not a post.",
    ),
    Message(
        "links-invalid",
        "warning",
        "'links' should be a list of paths or 'Title: path' entries; it is ignored",
        "No related links are shown under the post.",
        "Write a list of docs paths or URLs, or `Title: path` entries.",
    ),
    Message(
        "aliases-invalid",
        "warning",
        "'aliases' should be a list of old paths such as ['/old-slug/']; it is ignored",
        "No redirect pages are made for the post.",
        "Write a list of old paths.",
    ),
    Message(
        "todo-left",
        "warning",
        "the post is published but still holds a TODO marker (line {lines}); finish it "
        "or set 'status: draft'",
        "A `TODO` outside code in a published post is likely unfinished work. It is built as is.",
        "Finish the post, or set `status: draft`.",
    ),
    # -- images ---------------------------------------------------------------
    Message(
        "image-outside-docs",
        "warning",
        "'{field}' '{value}' points outside the docs folder; put the image in the post's "
        "bundle and write './name.jpg'",
        "`header_img`, `fb_img` or `tw_img` leads out of `docs_dir`. " + _IGNORED,
        "Move the image into the bundle.",
    ),
    Message(
        "image-missing",
        "warning",
        "'{field}' '{value}' is not there (looked for '{resolved}'); add the file or fix the name",
        "The image file does not exist. " + _IGNORED + " A share card may be drawn instead.",
        "Add the file, or fix the name (paths are relative to the bundle; a path "
        "starting with `/` is read from `docs_dir`).",
    ),
    Message(
        "image-unreadable",
        "warning",
        "'{field}' ({src}) {reason}; it is not used",
        "The image is empty, not an image Pillow can read, too large to decode (a "
        "decompression bomb?) or unreadable.",
        "Save the image again as PNG or JPEG.",
    ),
    Message(
        "image-format",
        "warning",
        "'{field}' ({src}) is {format}; use PNG, JPEG, GIF or WebP",
        "Social networks do not read the format. The image is used as is.",
        "Convert the image to PNG, JPEG, GIF or WebP.",
    ),
    Message(
        "og-image-small",
        "info",
        "'{field}' ({src}) is {size}; OpenGraph needs at least 200x200 (1200x630 is best)",
        "Networks may ignore the image. It is used as is.",
        "Use a larger image.",
    ),
    Message(
        "tw-image-small",
        "info",
        "'tw_img' ({src}) is {size}; a large X card needs at least 300x157 at about 2:1 "
        "(880x440 is a good size), so X shows a small card",
        "The page gets `twitter:card` `summary` instead of `summary_large_image`.",
        "Use an image of about 2:1, at least 300x157.",
    ),
    Message(
        "image-too-heavy",
        "warning",
        "'{field}' ({src}) is {megabytes:.1f} MB; share images must be 5 MB at most",
        "Networks refuse larger share images. It is used as is.",
        "Compress or shrink the image.",
    ),
    # -- indexes --------------------------------------------------------------
    Message(
        "tag-slug-clash",
        "info",
        "{field} {given} would share one URL; each keeps its own page",
        "Tags (or categories) that slug alike (`C++` and `c`) get distinct URLs: a name "
        "equal to its slug keeps it, the others get `-2`, `-3` in sorted order.",
        "Nothing, or rename a tag to choose which gets which URL.",
    ),
    Message(
        "uuid-duplicate",
        "warning",
        "'uuid' {uuid} is used by {names}; each post needs its own (a copied post keeps "
        "its original's uuid: make a new one); until then {later} goes by {key}",
        "Feeds and the permalink history tell posts apart by `uuid`. Both are built: the "
        "older post keeps the uuid, the later one (by date) gets an id made from the uuid "
        "and its file's path, the same on every build, in its feed entries and in "
        "`blogmeta-urls.yml`.",
        "Give one of them a new uuid (`python -c 'import uuid; print(uuid.uuid4())'`).",
    ),
    # -- links and permalinks -------------------------------------------------
    Message(
        "link-not-a-post",
        "warning",
        "links to '{target}', which is not a post of the blog; fix the link",
        "A link to a bundle or a post URL leads to no post. It is left as written.",
        "Fix the link's target.",
    ),
    Message(
        "link-to-draft",
        "warning",
        "links to '{target}', {state} ({other}): the link would be a 404 and show its URL; "
        "the link is taken out until that post is published",
        "A published post links to a draft or a future post. The link is taken out, its "
        "text stays, so the draft's URL never reaches the site.",
        "Nothing, or publish the other post first.",
    ),
    Message(
        "embeds-draft",
        "warning",
        "a <{tag}> shows '{target}', a file of {state} ({other}); the element is taken out "
        "until that post is published",
        "An image, video, frame or other element of a page loads a file of a draft's or a "
        "future post's bundle, which is not published. The element is taken out of the page "
        "(its text stays), so the draft's URL never reaches the site.",
        "Nothing, or publish the other post first, or move the file out of its bundle.",
    ),
    Message(
        "draft-url-in-text",
        "warning",
        "writes '{target}', the URL of {state} ({other}), as text; the URL is taken out of "
        "the page until that post is published",
        "A published page writes a draft's or a future post's absolute URL as plain text "
        "(not a link: in a paragraph, in code). The URL is taken out of the page, its search "
        "entry and the feeds, the rest of the text stays, so the draft's URL never reaches "
        "the site.",
        "Nothing, or publish the other post first.",
    ),
    Message(
        "theme-links-draft",
        "warning",
        "the page as written (its nav, theme or template) links to '{target}', {state} "
        "({other}); the link is taken out of every page until that post is published",
        "A link into a post that is not published was made outside the page's Markdown: "
        "the `nav` of `mkdocs.yml` naming a draft's file, a theme override, or another "
        "plugin. It is taken out of every written page (its text stays), so the draft's "
        "URL never reaches the site. Said once, for the first page where it was found.",
        "Take the entry out of `nav` (or the template), or publish the post.",
    ),
    Message(
        "post-taken-out",
        "error",
        "another plugin took this published post out of the site's files (an exclude "
        "rule?), while the blog index, its tags and its feeds list it",
        "A plugin that removes files from the build (mkdocs-exclude and the like) removed a "
        "post blogmeta publishes. The post would be listed, linked and in the feeds, yet "
        "its page would be missing: every link to it a 404.",
        "To keep a post off the site, hold it back in its front matter (`status: draft`); "
        "or take it out of the other plugin's exclude list.",
        fixed=True,
    ),
    Message(
        "draft-link-left",
        "error",
        "a link to {other}, which is not published, could not be taken out of this page: "
        "another plugin changed it into a form the plugin cannot remove",
        "A published page linked a post that is held back, and the link could be found "
        "neither in the Markdown (another plugin had rewritten that text) nor in the HTML "
        "as a link, yet the page still names the post's URL (in a script, a comment, or "
        "text another plugin wrote). The build stops so that the draft's URL never "
        "reaches the site.",
        "Remove the link from the page, publish the post, or tell us which plugin wrote it.",
        fixed=True,
    ),
    Message(
        "field-to-draft",
        "warning",
        "'{field}' '{value}' points into {state} ({other}); it is ignored until that post is "
        "published",
        "A share image (`header_img`, `fb_img`, `tw_img`) or a `links` entry leads into a "
        "post that is not published. " + _IGNORED,
        "Nothing, or publish the other post first, or copy the image into this post's bundle.",
    ),
    Message(
        "url-unsafe",
        "warning",
        "'{field}' {value!r} cannot be a link of the site ({reason}); write an http(s) URL "
        "or a path of the site (it is ignored)",
        "A URL field (an author's `url` or `avatar`, `links:`, an image field, "
        "`default_image`) holds a `javascript:`, `data:`, `file:` or other scheme, or "
        "control characters: a browser could run it. The page is built without it.",
        "Write an `https://` URL or a path of the site.",
    ),
    Message(
        "post-moved",
        "warning",
        "the post moved from {old} to {new} (its slug or post_url changed): the old URLs "
        "redirect to it; run `blogmeta urls` to record the move",
        "The post's URL is not in the permalink history; redirect pages are written at "
        "its old URLs.",
        "Run `blogmeta urls` and commit `blogmeta-urls.yml`.",
    ),
    Message(
        "post-gone",
        "warning",
        "{what} was published at {urls} and is no longer: those URLs will be 404s; set "
        "'removed: true' on {uuid} if that is meant",
        "A post of the permalink history is no longer published (deleted, made a draft, "
        "or its uuid changed).",
        "Mark its entry `removed: true` in `blogmeta-urls.yml`, or publish it again.",
    ),
    Message(
        "uuid-missing",
        "warning",
        "{count} posts have no 'uuid', so their URLs cannot be tracked: {names}; give "
        "each one a 'uuid'",
        "With a permalink history, posts are known by `uuid`; these are not, so a change "
        "of their URL is not redirected. Said once per build.",
        "Add a `uuid:` to each (`blogmeta new` writes one).",
    ),
    Message(
        "history-invalid",
        "warning",
        "cannot be read ({error}); old URLs are not redirected until `blogmeta urls` rewrites it",
        "The permalink history file is not valid. No redirects are made from it.",
        "Fix the file, or delete it and run `blogmeta urls`.",
    ),
    Message(
        "old-url-invalid",
        "warning",
        "'{field}' '{url}' cannot be a path of the site ({reason}); it is ignored",
        "An alias (or an old URL of the history) is empty, holds `..` or a control "
        "character, is too long for a file name, or is a URL of another site or scheme. "
        "No redirect page is written for it.",
        "Write the old path as the site served it (`/old-slug/`).",
    ),
    # -- authors --------------------------------------------------------------
    Message(
        "authors-file-missing",
        "warning",
        "(authors_file) is not in docs_dir; author pages use the names written in the posts",
        "The `authors_file` option names a file that is not there. No profiles are used.",
        "Fix the `authors_file` option, or add the file.",
    ),
    Message(
        "authors-file-invalid",
        "warning",
        "is not valid YAML ({problem}); author profiles are not used",
        "The authors file cannot be parsed. Author pages use the names in the posts.",
        "Fix the YAML at that line.",
    ),
    Message(
        "authors-file-not-mapping",
        "warning",
        "should map each author_slug to a profile (name, bio, avatar, url), not be "
        "{kind}; it is not used",
        "The authors file is a list or a single value. No profiles are used.",
        "Write `ada-quinn: {name: Ada Quinn, ...}` entries.",
    ),
    Message(
        "author-profile-invalid",
        "warning",
        "the profile of '{slug}' should be a mapping (name: ..., bio: ...), not {kind}; "
        "it is ignored",
        "That author's page uses the name written in the posts.",
        "Write the profile as `name:`, `bio:` ... lines.",
    ),
    Message(
        "author-field-invalid",
        "warning",
        "'{field}' of '{slug}' should be text, not {kind}; it is left out of the profile",
        "Profiles are printed on author pages, in feeds and in share tags, as text. The "
        "field is ignored; the rest of the profile is used.",
        "Write the value as text (in quotes if it looks like a number or a date).",
    ),
    Message(
        "authors-file-unreadable",
        "warning",
        "cannot be read ({reason}); author profiles are not used",
        "The authors file is not UTF-8 text, is too large, or cannot be opened. Author "
        "pages use the names written in the posts.",
        "Save the file as UTF-8 YAML.",
    ),
    Message(
        "avatar-missing",
        "warning",
        "the avatar of '{slug}' ('{avatar}') is not there; add the file or fix the path",
        "The author's page shows no avatar.",
        "Add the image (the path is relative to the authors file), or use a URL.",
    ),
    Message(
        "twitter-handle-invalid",
        "warning",
        "'twitter' of '{slug}': '{value}' is not an X handle (@name, at most 15 letters, "
        "digits or '_')",
        "The author's `twitter:creator` tag is left out.",
        "Write the handle as `@name`.",
    ),
    # -- share cards ----------------------------------------------------------
    Message(
        "card-glyphs",
        "warning",
        "the share card's font has no glyphs for {chars!r}; add a font that has them to "
        "card_font (see the README for CJK and right-to-left scripts)",
        "The card would show empty boxes for these characters. It is drawn anyway.",
        "List a font that has them in `card_font` (Noto for CJK, Hebrew, Arabic).",
    ),
    Message(
        "card-header",
        "warning",
        "'{field}' ({src}) cannot be drawn on the share card ({error}); the card uses the "
        "plain colour",
        "The header image could be inspected but not decoded; the card is drawn on "
        "`card_background`.",
        "Save the image again as PNG or JPEG.",
    ),
    Message(
        "card-failed",
        "warning",
        "the share card {card} could not be drawn ({error}); it is left out of the site",
        "Drawing or writing the card failed (a full disk, a `cache_dir` that cannot be "
        "written). The page's share image tags point to a card that is not there.",
        "Make `cache_dir` writable and build again.",
    ),
    Message(
        "image-variant-failed",
        "warning",
        "the resized copy {variant} could not be drawn ({error}); pages offer the image's "
        "other sizes",
        "Drawing or writing a responsive image's variant failed (a full disk, a `cache_dir` "
        "that cannot be written, an image Pillow reads but cannot decode whole).",
        "Make `cache_dir` writable, or save the image again as PNG or JPEG, and build again.",
    ),
    Message(
        "serve-unfinished",
        "warning",
        "blogmeta: the share cards and feeds of this rebuild could not be finished "
        "({error}); the next rebuild renders every page again",
        "Under `mkdocs serve` the cards of a saved post are drawn, and the feeds written, "
        "after the page is served. That work failed; nothing stale is kept.",
        "Save the post again; if it repeats, run `mkdocs build` to see the whole error.",
    ),
    # -- the site's configuration ---------------------------------------------
    Message(
        "site-url-missing",
        "warning",
        "site_url is not set, so the feeds, canonical links, og:url, "
        "og:image and other tags that need an absolute URL are left out; set site_url to "
        "the blog's address",
        "Said once per build. Feeds and every tag that needs an absolute URL are left out.",
        "Set `site_url: https://example.org/` in `mkdocs.yml`.",
    ),
    Message(
        "labels-missing",
        "warning",
        "language '{language}' of the `languages:` option has no translation of "
        "{count} of the plugin's labels ({labels}); they are written in English",
        'Said once per language. The plugin\'s own words ("Tags", "min read") come '
        "from its translation files (English, French, German, Spanish, Italian, "
        "Portuguese, Japanese); a language without them, or a label one lacks, is "
        "written in English on that language's pages.",
        "Override the templates that show the labels (`blogmeta/`), or contribute a "
        "translation file to the plugin.",
    ),
    # -- errors: the build stops ----------------------------------------------
    Message(
        "card-font",
        "error",
        "card_font '{font}' cannot be loaded as a font ({error}); give a TrueType or OpenType file",
        "A `card_font` file is missing or not a font. The build stops.",
        "Fix the path (relative to `mkdocs.yml`), or set `cards: off`.",
        fixed=True,
    ),
    Message(
        "slug-duplicate",
        "error",
        "two posts have the same slug '{slug}': {names}; give one of them another 'slug'",
        "Both would be written to the same URL. The build stops.",
        "Change the slug of one of them.",
        fixed=True,
    ),
    Message(
        "url-duplicate",
        "error",
        "two posts have the same URL '{url}': {names}; give one of them another 'slug'",
        "`post_url` gives both the same folder. The build stops.",
        "Change the slug of one of them.",
        fixed=True,
    ),
    Message(
        "old-url-is-post",
        "error",
        "'{field}' '{url}' is the URL of {other}; remove that old URL",
        "An alias is another post's current URL. The build stops. (An old URL of the "
        "permalink history that a post now lives at is `history-url-taken`.)",
        "Remove the alias.",
        fixed=True,
    ),
    Message(
        "history-url-taken",
        "warning",
        "'{url}', an old URL of this post in the permalink history, is now the URL of "
        "{other}, which is built there; run `blogmeta urls` to record it",
        "The permalink history gives the post an old URL that another post now lives at "
        "(a post copied from this one, or a slug taken again). The other post keeps its "
        "URL and no redirect is made from it.",
        "Run `blogmeta urls`: it records each URL for the post that lives there now.",
    ),
    Message(
        "old-url-shared",
        "error",
        "'{field}' '{url}' is also an old URL of {other}; keep it on one post",
        "Two posts claim the same old URL. The build stops.",
        "Keep the old URL on one post.",
        fixed=True,
    ),
    Message(
        "output-collision",
        "error",
        "{what} would be written to '{dest}', which meets '{other_dest}' written by {other} "
        "({how}); {change}",
        "A path the plugin writes (a post, a file of its bundle, a redirect page, a feed, "
        "a share card, an index page) is also written by MkDocs, the theme, another "
        "plugin, a file of `docs_dir` or another post, or one of them needs it as a folder "
        "(`sitemap.xml` and `sitemap.xml/index.html`). Nothing is replaced: the build "
        "stops before anything is written.",
        "Change the field or option named, or move the other file.",
        fixed=True,
    ),
    Message(
        "unlisted-unreadable",
        "error",
        "{what} could not be read to take the unlisted posts out of it ({error}); the build "
        "stopped so that they stay unlisted",
        "The site has unlisted posts, and the sitemap or the search index (as the theme or "
        "the search plugin wrote it) is not the XML or JSON the plugin reads, so it may "
        "name them. The build stops rather than publish it.",
        "Check the theme's `sitemap.xml` override or the search plugin; or list the posts "
        "(remove `status: unlisted`).",
        fixed=True,
    ),
    Message(
        "status-invalid",
        "error",
        "'{field}' is {value}, which is not a status{hint}: write 'published' to publish the "
        "post, or {held} ... to hold it back (the post is not published)",
        "Only `status: published` publishes a post (and `status: unlisted`, at its URL "
        "alone); known statuses that hold a post back "
        "(`draft`, `private`, `pending`, `scheduled`, `future`, `review`, `hidden`, "
        "`archived`, `trash`, `unpublished`) hide it. Any other value (`Published`, a list, "
        "true) is a mistake the plugin will not guess about. The build stops.",
        "Write `status: published` or `status: draft`.",
        fixed=True,
    ),
    Message(
        "flag-invalid",
        "error",
        "'{field}' should be true or false, not {value}; write '{field}: true' or "
        "'{field}: false' without quotes (the post is not published)",
        '`draft`, `published`, `headless` and `unlisted` are YAML booleans; a quoted `"true"` or '
        '`"false"` is text, and the plugin will not guess what it means. The build stops.',
        "Remove the quotes: `draft: true`.",
        fixed=True,
    ),
    Message(
        "build-invalid",
        "error",
        "'{field}' is {value}; Hugo's build options are render (always, never, link), list "
        "(always, never, local) and publishResources (true, false) (the post is not published)",
        "The post's Hugo `build` (or `_build`) options hold values the plugin cannot read, "
        "so it cannot tell whether the post is published. The build stops.",
        "Write `build: {render: never}` to keep the post out, or remove the field.",
        fixed=True,
    ),
    Message(
        "build-stopped",
        "error",
        "blogmeta: the blog has errors (see above); the build stopped",
        "Said after the errors above, which stop every build (not only `--strict`).",
        "Fix the errors above.",
        fixed=True,
    ),
)


def read_levels(value: Mapping[Any, Any]) -> dict[str, str]:
    """The `messages:` option (`{title-too-long: warning, todo-left: error}`) checked:
    `ValueError` naming the first unknown code, unknown level or fixed error. YAML reads
    a bare `off` as false, and that means off."""
    levels = {}
    for code, level in value.items():
        if code not in MESSAGES:
            close = difflib.get_close_matches(str(code), MESSAGES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(
                f"'{code}' is not a message code{hint}; the codes are in the Messages "
                "table of the README"
            )
        level = "off" if level is False else level
        if level not in USER_LEVELS:
            raise ValueError(
                f"{code}: {level!r} is not a level; write one of {', '.join(USER_LEVELS)}"
            )
        if MESSAGES[code].fixed and level != "error":
            raise ValueError(
                f"{code}: this error stops the build because the site would be wrong; "
                "it cannot be set to another level"
            )
        levels[str(code)] = level
    return levels


def with_levels(problems: Iterable[Problem], levels: Mapping[str, str]) -> list[Problem]:
    """The problems at the levels the site's `messages:` option gives their codes, those
    set to `off` left out: the one place the user's levels apply, for the build and
    `blogmeta check` alike."""
    out = []
    for problem in problems:
        level = levels.get(problem.code, problem.level)
        if level == "off":
            continue
        out.append(problem if level == problem.level else replace(problem, level=level))
    return out


def text(code: str, **values: Any) -> str:
    """The message's words with its `[code]`: what a log line or an exception says."""
    return f"{MESSAGES[code].text.format(**values)} [{code}]"


def problem(
    code: str, path: str, line: int | None = None, field: str | None = None, **values: Any
) -> Problem:
    """A problem found in the file at `path` (docs-relative), at `line` when known."""
    message = MESSAGES[code]
    return Problem(
        message.level, path, message.text.format(field=field, **values), field, line, code
    )


def post_problem(code: str, post: Post, field: str, **values: Any) -> Problem:
    """A problem with one of a post's fields, located at the field's line."""
    return problem(code, post.src_path, post.lines.get(field), field, **values)


def link_problem(value: object, path: str, field: str, line: int | None = None) -> Problem | None:
    """The warning for a URL field whose value a page must not link to (`urls.unsafe_link`:
    the one rule), or None when the value is a safe link."""
    reason = urls.unsafe_link(value)
    if reason is None:
        return None
    shown = value if isinstance(value, str) else repr(value)
    if len(shown) > 80:
        shown = shown[:79] + "…"
    return problem("url-unsafe", path, line, field, value=shown, reason=reason)


def strict_even_if_quiet(logger_name: str, strict: bool) -> None:
    """`mkdocs build --strict -q` sets MkDocs' logger to errors only, so a warning is
    never emitted and MkDocs' strict counter (a handler on the `mkdocs` logger) never
    sees it: the build would pass. Under `--strict`, our logger stays at WARNING, so our
    warnings are printed and counted, and the build fails as `--strict` promises."""
    logger = logging.getLogger(logger_name)
    quiet = not logging.getLogger("mkdocs").isEnabledFor(logging.WARNING)
    logger.setLevel(logging.WARNING if strict and quiet else logging.NOTSET)
