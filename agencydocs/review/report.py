"""A :class:`Comparison` as text (a terminal), Markdown (one pull-request comment) or JSON (tools)."""

from __future__ import annotations

import dataclasses
import html
import json
import re

from agencydocs.review.compare import Comparison, DocumentChange, MoneyChange

# GitHub refuses a comment over 65,536 characters; stay well below, with room for the note on what was left out.
MARKDOWN_LIMIT = 60_000
_SUMMARY_BUDGET = 24_000  # the table of every changed document
_DETAILS_BUDGET = 8_000  # one document's folded details
_MONEY_ROWS = 60  # figures listed per document in a comment; the rest are counted
COMMENT_MARKER = "<!-- agencydocs-diff -->"  # lets a CI step find and update its own comment
_ABSENT = "—"


def _arrow(change: MoneyChange, arrow: str = " -> ") -> str:
    return f"{change.old or _ABSENT}{arrow}{change.new or _ABSENT}"


def _headline(comparison: Comparison) -> str:
    counts = {status: 0 for status in ("changed", "added", "removed")}
    for document in comparison.documents:
        counts[document.status] += 1
    if not comparison.documents:
        return f"No document changed ({comparison.compared} compared)."
    parts = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    return f"{len(comparison.documents)} of {comparison.compared} document(s) differ: {parts}."


def _name(document: DocumentChange) -> str:
    return f"{document.kind} {document.number}"


# --- text -------------------------------------------------------------------


def as_text(comparison: Comparison) -> str:
    lines = [f"Comparing {comparison.base} -> {comparison.head}", _headline(comparison)]
    if comparison.locked:
        lines += ["", f"{len(comparison.locked)} change(s) to issued documents (errors):"]
        lines += [problem.format() for problem in comparison.locked]
    for document in comparison.documents:
        lines += ["", f"{document.status} {_name(document)} ({document.file})"]
        lines.append(f"  caused by: {', '.join(document.inputs)}")
        if document.money:
            lines.append("  money:")
            lines += [f"    {change.label}: {_arrow(change)}" for change in document.money]
        if document.text_diff:
            lines.append("  text:")
            lines += [f"    {line}" for line in document.text_diff]
    return "\n".join(lines) + "\n"


# --- JSON -------------------------------------------------------------------


def as_json(comparison: Comparison) -> str:
    return json.dumps(dataclasses.asdict(comparison), ensure_ascii=False, indent=2) + "\n"


# --- Markdown ---------------------------------------------------------------


def as_markdown(comparison: Comparison, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: the summary table first, each document's details folded.

    Always within ``limit`` characters: past the summary budget the table
    counts the remaining documents instead of listing them, and past the
    limit the details of the remaining documents are left out, with a note.
    """
    head = [
        COMMENT_MARKER,
        "### Documents changed by this pull request",
        "",
        f"Comparing `{_code(comparison.base)}` with `{_code(comparison.head)}`. {_headline(comparison)}",
    ]
    head += _locked_markdown(comparison)
    if not comparison.documents:
        return "\n".join(head) + "\n"
    summary = "\n".join([*head, "", _summary_table(comparison.documents)])
    closing = (
        "\n\n<sub>Details of {left} document(s) left out to stay within a comment's size; "
        "run `agencydocs diff` locally to see every change.</sub>"
    )
    reserve = len(closing) + 16
    parts, used = [summary], len(summary)
    shown = 0
    for document in comparison.documents:
        block = "\n\n" + _details(document)
        if used + len(block) + reserve > limit:
            break
        parts.append(block)
        used += len(block)
        shown += 1
    left = len(comparison.documents) - shown
    if left:
        parts.append(closing.format(left=left))
    return "".join(parts) + "\n"


def _locked_markdown(comparison: Comparison) -> list[str]:
    """The issued lock's errors, first: they are why the check fails."""
    if not comparison.locked:
        return []
    lines = [
        "",
        f"**{len(comparison.locked)} change(s) to issued documents** (corrections go into a credit note):",
        "",
    ]
    lines += [f"- `{_code(problem.format())}`" for problem in comparison.locked[:_MONEY_ROWS]]
    if len(comparison.locked) > _MONEY_ROWS:
        lines.append(f"- … {len(comparison.locked) - _MONEY_ROWS} more")
    return lines


def _summary_table(documents: list[DocumentChange]) -> str:
    rows = ["| Status | Document | Total | Money figures changed | File |", "|---|---|---|--:|---|"]
    used = sum(len(row) + 1 for row in rows)
    for index, document in enumerate(documents):
        total = _cell(_arrow(document.total, " → ")) if document.total and _total_changed(document) else ""
        if document.total and not total:
            total = _cell(document.total.new or document.total.old)
        row = (
            f"| {document.status} | {_cell(_name(document))} | {total} | {len(document.money)} "
            f"| `{_code(document.file)}` |"
        )
        if used + len(row) > _SUMMARY_BUDGET:
            rows.append(f"| … | {len(documents) - index} more document(s) | | | |")
            break
        rows.append(row)
        used += len(row) + 1
    return "\n".join(rows)


def _total_changed(document: DocumentChange) -> bool:
    return document.total is not None and document.total.old != document.total.new


def _details(document: DocumentChange) -> str:
    title = f"<b>{html.escape(_name(document))}</b> {document.status}: {html.escape(document.title)}"
    body = [f"<details><summary>{title}</summary>", ""]
    body.append("Caused by: " + ", ".join(f"`{_code(path)}`" for path in document.inputs))
    if document.money:
        body += ["", "| Figure | Before | After |", "|---|--:|--:|"]
        body += [
            f"| {_cell(change.label)} | {_cell(change.old or _ABSENT)} | {_cell(change.new or _ABSENT)} |"
            for change in document.money[:_MONEY_ROWS]
        ]
        if len(document.money) > _MONEY_ROWS:
            body.append(f"| … {len(document.money) - _MONEY_ROWS} more figure(s) | | |")
    if document.text_diff:
        body += ["", *_fenced_diff(document.text_diff, _DETAILS_BUDGET - sum(len(line) + 1 for line in body))]
    body += ["", "</details>"]
    return "\n".join(body)


def _fenced_diff(lines: tuple[str, ...], budget: int) -> list[str]:
    """The diff in a fence longer than any backtick run in it, cut at ``budget`` characters."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > budget - 80:
            kept.append(f"… {len(lines) - index} more line(s)")
            break
        kept.append(line)
        used += len(line) + 1
    return [f"{fence}diff", *kept, fence]


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no pipe, no line break, no HTML."""
    return html.escape(" ".join(text.split())).replace("|", "\\|")


def _code(text: str) -> str:
    return text.replace("`", "'")
