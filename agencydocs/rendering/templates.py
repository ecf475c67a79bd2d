"""Where templates come from, and the one sandboxed Jinja2 environment.

Lookup order: the workspace's ``templates/`` folder first, then the built-in
``agencydocs/templates``. An override can still extend the built-in it
replaces through the ``builtin/`` prefix (``{% extends "builtin/base.html" %}``).
Templates run in a :class:`~jinja2.sandbox.SandboxedEnvironment` with
``StrictUndefined``; the loader refuses paths that leave its root.
"""

from __future__ import annotations

import functools
import operator
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from agencydocs import PACKAGE_DIR
from agencydocs.workspace import TEMPLATES_DIR

BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
# Filled by docxtpl and python-pptx, never loaded by HTML templates.
_NOT_HTML_TEMPLATES = frozenset({".docx", ".pptx"})
WORKSPACE_TEMPLATES = TEMPLATES_DIR


class TemplateSource:
    """Template lookup for one workspace (or built-ins only when ``root`` is None)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.override_dir = root / WORKSPACE_TEMPLATES if root is not None else None

    @property
    def search_path(self) -> list[Path]:
        dirs = [BUILTIN_TEMPLATES]
        if self.override_dir is not None and self.override_dir.is_dir():
            dirs.insert(0, self.override_dir)
        return dirs

    def find(self, relative: str) -> Path:
        """The file for ``relative`` (e.g. ``invoice/invoice.docx``), override first."""
        for folder in self.search_path:
            candidate = (folder / relative).resolve()
            if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                return candidate
        raise FileNotFoundError(f"no template {relative} in {', '.join(map(str, self.search_path))}")

    def find_localized(self, kind: str, suffix: str, locale: str) -> Path:
        """A kind's template in ``locale`` (``invoice/invoice.ru.docx``), else its
        language-neutral one (``invoice/invoice.docx``), each override first.

        A layout that differs by language (the Russian 1C invoice, the
        international one) is one file per language, with its fixed text
        written out; a workspace override of either name wins over both built-ins.
        """
        for folder in self.search_path:  # an override of either name before any built-in
            for relative in (f"{kind}/{kind}.{locale}{suffix}", f"{kind}/{kind}{suffix}"):
                candidate = (folder / relative).resolve()
                if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                    return candidate
        return self.find(f"{kind}/{kind}{suffix}")  # raises, naming the folders searched

    def variants(self, kind: str, suffix: str) -> list[Path]:
        """Every template file of ``kind`` with ``suffix``, in every language, override first."""
        found: dict[str, Path] = {}
        for folder in self.search_path:
            kind_dir = folder / kind
            if not kind_dir.is_dir():
                continue
            for path in sorted(kind_dir.glob(f"{kind}*{suffix}")):
                name = path.name
                language = name[len(kind) : -len(suffix)]
                if (
                    language == "" or (language.startswith(".") and language[1:].isalpha())
                ) and path.is_file():
                    found.setdefault(name, path.resolve())
        return [found[name] for name in sorted(found)]

    def is_override(self, path: Path) -> bool:
        return self.override_dir is not None and path.is_relative_to(self.override_dir.resolve())

    def html_is_builtin(self) -> bool:
        """Whether rendering HTML loads built-in templates only: no file of the workspace's
        ``templates/`` takes the place of a built-in one (DOCX and PPTX templates aside, which
        HTML never loads). Built-in templates name built-in files only, so no other file of the
        workspace is ever loaded."""
        if self.override_dir is None or not self.override_dir.is_dir():
            return True
        return not any(
            path.suffix not in _NOT_HTML_TEMPLATES
            and (BUILTIN_TEMPLATES / path.relative_to(self.override_dir)).is_file()
            for path in self.override_dir.rglob("*")
        )

    @cached_property
    def html_env(self) -> SandboxedEnvironment:
        """Environment for HTML templates: autoescaped, sandboxed, strict."""
        env = make_environment(
            jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader([str(d) for d in self.search_path]),
                    jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))}),
                ]
            ),
            bytecode_cache=_HTML_BYTECODE,
        )
        if self.root is not None:  # workspace images are embedded, so the HTML file stands alone
            from agencydocs.rendering.markdown import markdown_html

            env.filters["markdown"] = partial(markdown_html, root=self.root)
        return env


# A template may repeat a string or list and raise to a power, but not build
# gigabytes or a number whose computation runs in C beyond the time limit.
MAX_REPEAT_LENGTH = 1_000_000
MAX_POWER_EXPONENT = 1000


class BoundedSandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, with ``*`` and ``**`` bounded (``range()`` is already capped)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > MAX_POWER_EXPONENT:
                raise SecurityError(f"exponent {right} is larger than {MAX_POWER_EXPONENT}")
            return operator.pow(left, right)
        if operator_name == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            return operator.mul(left, right)
        return super().call_binop(context, operator_name, left, right)


def _check_repeat(sequence: object, times: object) -> None:
    repeats = isinstance(sequence, str | bytes | list | tuple) and isinstance(times, int)
    if repeats and len(sequence) * times > MAX_REPEAT_LENGTH:  # type: ignore[arg-type, operator]
        raise SecurityError(f"repeating a sequence to more than {MAX_REPEAT_LENGTH:,} items is not allowed")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by file and source.

    Every :class:`Templates` makes its own environment (one per ``check``, per
    build, per ``serve`` rebuild), and compiling the built-in templates again
    each time was most of a ``check`` that renders overrides. Jinja keys a
    bucket by the template's name and file and recompiles when the source's
    checksum differs, so an edited template is never served stale. Only the
    HTML environments share it: they have the same settings, which the
    compiled code depends on.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_HTML_BYTECODE = _MemoryBytecodeCache()


def make_environment(
    loader: jinja2.BaseLoader | None = None, bytecode_cache: jinja2.BytecodeCache | None = None
) -> SandboxedEnvironment:
    """A sandboxed, autoescaping, strict environment (also used for docxtpl).

    It has the ``markdown`` filter (safe HTML); the DOCX renderer replaces it
    with one that builds Word paragraphs.
    """
    env = BoundedSandbox(
        loader=loader,
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # markdown-it is imported here, not at the top: `templates list` reads this module.
    from agencydocs.rendering.markdown import markdown_html

    env.filters["markdown"] = markdown_html
    return env


@functools.lru_cache(maxsize=512)
def template_references(source: str) -> tuple[tuple[str | None, ...], frozenset[str]]:
    """The references and file-like constants of a template's source, parsed once per process:
    every kind's template shares the skeletons and partials, and every ``check`` reads them.
    (Every HTML environment has the syntax of ``make_environment``, so any one parses for all.)"""
    from jinja2 import meta, nodes

    tree = make_environment().parse(source)
    constants = frozenset(
        node.value for node in tree.find_all(nodes.Const) if isinstance(node.value, str) and "." in node.value
    )
    return tuple(meta.find_referenced_templates(tree)), constants
