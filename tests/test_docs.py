"""The README and the code say the same thing."""

from __future__ import annotations

import ast
import re
import string

import reference
from helpers import ROOT
from mkdocs.config.base import get_schema
from reference_docs import EXAMPLES

from mkdocs_blogmeta import config, messages
from mkdocs_blogmeta.taxonomies import TAXONOMIES


def test_every_option_has_a_meaning_and_an_example() -> None:
    names = [name for name, _ in get_schema(config.BlogmetaConfig) if name != "enabled"]
    docs = reference.docstrings()
    assert [n for n in names if not docs.get(n)] == []
    assert sorted(EXAMPLES) == sorted(names)


def test_readme_options_table_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = reference.current_table(readme, "options")
    assert table == reference.markdown_table(), f"run `{reference.COMMAND}`"


def test_every_label_is_translated() -> None:
    """Every `t("...")` of the templates and every label the code uses has a translation
    in each language file, and no file holds a label nobody uses."""
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
    used.add("Blog")  # the blog index's title (settings.make), and each taxonomy's words
    used |= {t.title for t in TAXONOMIES} | {t.describe for t in TAXONOMIES}
    used |= {t.describe_all for t in TAXONOMIES}
    assert {"Tags", "Page {n} of {m}", "{n} min read", "Reading time"} <= used
    for language in i18n.languages():
        if language == "en":
            continue
        table = i18n.Labels(language).table
        assert sorted(used - set(table)) == [], language
        assert sorted(set(table) - used) == [], language


# -- messages: one catalogue, and the README's table made from it ------------

PACKAGE = ROOT / "mkdocs_blogmeta"
#: What call sites use: `messages.problem`, `messages.post_problem`, `messages.text`.
BASE_CONSTRUCTORS = ("problem", "post_problem", "text")


def test_readme_messages_table_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = reference.current_table(readme, "messages")
    assert table == reference.messages_table(), f"run `{reference.COMMAND}`"


def test_every_message_says_what_it_means_and_what_to_do() -> None:
    for code, message in messages.MESSAGES.items():
        assert code == message.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert message.level in messages.LEVELS, code
        assert message.text.strip() and message.means.strip() and message.fix.strip(), code
        values = {
            name: 1.5 if spec else "x"
            for _, name, spec, _ in string.Formatter().parse(message.text)
            if name
        }
        assert message.text.format(**values), code  # a template that formats


def _modules() -> dict[str, ast.Module]:
    return {path.name: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.glob("*.py"))}


def _params(function: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _called(call: ast.Call) -> str | None:
    """`problem` for `messages.problem(...)`, `say` for `self.say(...)`, ..."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_constructor_call(call: ast.Call, constructors: dict[str, list[str]], module: str) -> bool:
    """A call of the catalogue: `messages.<base>(...)` (bare inside messages.py), or of a
    function that forwards its `code` to one (`_Checker.say`)."""
    name = _called(call)
    if name in BASE_CONSTRUCTORS:
        func = call.func
        if isinstance(func, ast.Attribute):
            return isinstance(func.value, ast.Name) and func.value.id == "messages"
        return module == "messages.py"
    return name in constructors


def _constructors(modules: dict[str, ast.Module]) -> dict[str, list[str]]:
    """Name -> positional parameters of every function that makes a message: the base
    ones and those forwarding their `code` parameter to one of them."""
    found = {
        node.name: _params(node)
        for node in modules["messages.py"].body
        if isinstance(node, ast.FunctionDef) and node.name in BASE_CONSTRUCTORS
    }
    changed = True
    while changed:
        changed = False
        for module, tree in modules.items():
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef) or node.name in found:
                    continue
                if "code" not in _params(node):
                    continue
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and _is_constructor_call(call, found, module)
                        and call.args
                        and isinstance(call.args[0], ast.Name)
                        and call.args[0].id == "code"
                    ):
                        found[node.name] = _params(node)
                        changed = True
                        break
    return found


def _call_sites(
    modules: dict[str, ast.Module], constructors: dict[str, list[str]]
) -> list[tuple[str, int, ast.Call]]:
    """Every call of the catalogue with a code written out (not a forwarded `code`)."""
    sites = []
    for module, tree in modules.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not _is_constructor_call(
                call, constructors, module
            ):
                continue
            first = call.args[0] if call.args else None
            if isinstance(first, ast.Name) and first.id == "code":
                continue  # a forwarder passing its own `code` on
            sites.append((module, call.lineno, call))
    return sites


def test_every_call_site_names_a_message_of_the_catalogue_with_its_values() -> None:
    modules = _modules()
    constructors = _constructors(modules)
    assert {"problem", "post_problem", "text", "say"} <= set(constructors)
    used: set[str] = set()
    wrong = []
    for module, line, call in _call_sites(modules, constructors):
        where = f"{module}:{line}"
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            wrong.append(f"{where}: the code is not written out")
            continue
        code = first.value
        if code not in messages.MESSAGES:
            wrong.append(f"{where}: '{code}' is not in MESSAGES")
            continue
        used.add(code)
        if any(k.arg is None for k in call.keywords):
            wrong.append(f"{where}: '{code}' gets **values, which cannot be checked")
            continue
        params = constructors[_called(call) or ""]
        given = {k.arg for k in call.keywords if k.arg}
        has_field = "field" in given or (
            "field" in params and len(call.args) > params.index("field")
        )
        values = given - set(params)
        wanted = messages.MESSAGES[code].placeholders()
        if "field" in wanted and not has_field:
            wrong.append(f"{where}: '{code}' needs a field")
        if values != wanted - {"field"}:
            wrong.append(
                f"{where}: '{code}' gets {sorted(values)}, its text wants {sorted(wanted)}"
            )
    assert wrong == []
    assert sorted(set(messages.MESSAGES) - used) == [], "messages no call site gives"


def test_no_message_is_written_outside_the_catalogue() -> None:
    """No `Problem(...)` but in messages.py, and every warning or error logged or raised
    is `messages.text(...)` or `str(problem)` of a problem the catalogue made."""
    modules = _modules()
    constructors = _constructors(modules)
    wrong = []
    for module, tree in modules.items():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _called(call)
            if name == "Problem" and module != "messages.py":
                wrong.append(f"{module}:{call.lineno}: Problem(...) outside messages.py")
            func = call.func
            logged = (
                isinstance(func, ast.Attribute)
                and name in ("warning", "error", "critical", "exception")
                and isinstance(func.value, ast.Name)
                and func.value.id == "log"
            )
            dynamic = (  # getattr(log, problem.level)(...)
                isinstance(func, ast.Call)
                and _called(func) == "getattr"
                and isinstance(func.args[0], ast.Name)
                and func.args[0].id == "log"
            )
            if (logged or dynamic or name == "PluginError") and not _from_catalogue(
                call.args[0] if call.args else None, constructors, module
            ):
                wrong.append(f"{module}:{call.lineno}: {ast.unparse(call)[:80]}")
    assert wrong == []


def _from_catalogue(node: ast.expr | None, constructors: dict[str, list[str]], module: str) -> bool:
    """`messages.text(...)`, `str(messages.problem(...))` or `str(problem)`."""
    if not isinstance(node, ast.Call):
        return False
    if _is_constructor_call(node, constructors, module) and _called(node) == "text":
        return True
    if _called(node) == "str" and len(node.args) == 1:
        inner = node.args[0]
        if isinstance(inner, ast.Name):
            return inner.id == "problem"
        return isinstance(inner, ast.Call) and _is_constructor_call(inner, constructors, module)
    return False


def test_messages_end_in_their_code() -> None:
    post = messages.problem("todo-left", "posts/a/index.md", 7, lines="7")
    assert str(post).endswith("finish it or set 'status: draft' [todo-left]")
    assert str(post).startswith("posts/a/index.md:7: the post is published")
    assert post.level == "warning" and post.code == "todo-left"
    assert messages.text("build-stopped").endswith(" [build-stopped]")


def test_placeholders_read_as_words_in_the_readme() -> None:
    text = messages.MESSAGES["not-text"].text
    assert reference.readable(text) == "'*field*' should be text, not *kind*; the value is ignored"
    assert reference.readable("{a!r} and {b:.1f} MB, {{c}}") == "*a* and *b* MB, {c}"


def test_every_generated_readme_section_is_up_to_date() -> None:
    """Options, messages, field names and templates: `reference --check` is clean, and
    each section's markers are in the README once."""
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in reference.TABLES:
        start, end = reference.markers(name)
        assert readme.count(start) == 1 and readme.count(end) == 1
    assert reference.main(["--check", "--readme", str(ROOT / "README.md")]) == 0
