"""Reading YAML that someone else wrote: front matter, `authors.yml`, the URL history.

One reader for every YAML file the plugin reads, so each gets the same
defences: values keep their types (one timestamp YAML cannot build is kept as
the text written, so the field's own check names it, and no other value is
read differently), a document that expands to more values than a blog could
hold (a "billion laughs" of aliases) or contains itself is refused before
anything walks it, and NUL bytes and oversized files are refused with a
reason. No MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:  # the C loader is many times faster; PyYAML without libyaml still works
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

#: More values than this, counting each alias as the copy it stands for, is refused.
MAX_VALUES = 200_000
#: Files larger than this are refused (a blog's authors file is a few kilobytes).
MAX_BYTES = 2 * 1024 * 1024


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML's safe loader, keeping a timestamp it cannot build as the text written."""


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return _Base.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, TypeError):
        loader.kept_text = True
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass(frozen=True)
class Failure:
    """Why a YAML text could not be read: what is wrong, at which line of the text."""

    problem: str
    line: int | None = None


def load(text: str, *, max_bytes: int = MAX_BYTES) -> tuple[Any, Failure | None]:
    """Parse `text`: (data, None), or (None, why not). Never raises."""
    data, failure, _ = read(text, max_bytes=max_bytes)
    return data, failure


def read(text: str, *, max_bytes: int = MAX_BYTES) -> tuple[Any, Failure | None, bool]:
    """`load`, and whether every value is the one YAML's safe loader builds (False when a
    timestamp was kept as its text): whether a reader with the plain safe loader, as
    MkDocs reads `page.meta`, gets the same values."""
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        return None, Failure(f"the file is larger than {max_bytes // 1024} KB"), False
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, Failure("it holds a NUL byte (is it a binary file?)", line), False
    loader = _Loader(text)  # what `yaml.load` does, keeping the loader to ask it
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, Failure(str(exc.problem or "invalid YAML"), line), False
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        return None, Failure(str(exc) or type(exc).__name__), False
    finally:
        loader.dispose()
    if not within(data, MAX_VALUES):
        return None, Failure(
            f"it expands to more than {MAX_VALUES:,} values through aliases (&/*), or holds itself"
        ), False  # fmt: skip
    return data, None, not getattr(loader, "kept_text", False)


def within(data: Any, limit: int) -> bool:
    """Whether `data` holds at most `limit` values when every alias is counted as the
    copy it stands for, and holds no cycle. Stops counting at the limit, so a bomb
    costs no more to refuse than a file of `limit` values costs to read."""
    count = 0
    path: set[int] = set()  # containers being walked: seeing one again is a cycle
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, leaving = stack.pop()
        if leaving:
            path.discard(id(value))
            continue
        count += 1
        if count > limit:
            return False
        if isinstance(value, dict | list):
            if id(value) in path:
                return False
            path.add(id(value))
            stack.append((value, True))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(value, dict):
                    stack.append((key, False))
                stack.append((item, False))
    return True


try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


def front_matter_text(data: dict[str, Any]) -> str:
    """`data` as a front matter block (`---` lines around plain YAML) that YAML's safe
    loader reads back as the same values, types included: how a post is handed to a
    reader that parses front matter itself. A value YAML cannot write back (an ordered
    mapping read as pairs) leaves it out rather than failing."""
    if not data:
        return "---\n{}\n---\n"
    try:
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError:
        text = yaml.dump(
            {k: v for k, v in data.items() if _writable(v)},
            Dumper=_Dumper, sort_keys=False, allow_unicode=True,
        )  # fmt: skip
    return f"---\n{text}---\n"


def _writable(value: Any) -> bool:
    try:
        yaml.dump(value, Dumper=_Dumper)
    except yaml.YAMLError:
        return False
    return True
