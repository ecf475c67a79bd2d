"""Generate the DOCX templates of status reports, audits and proposals with python-docx.

Run ``python scripts/make_docx_reports.py`` after changing this file or
``docx_business.py``; a test checks that the committed templates equal its
output. One template per kind for every language: all text comes from
``doc.labels`` or the context (see ``agencydocs/resolvers``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx_business as b  # noqa: E402 - a sibling script, not a package
from docx_proposal import build_proposal  # noqa: E402

R, L, C = b.RIGHT, b.LEFT, b.CENTER


def _figures(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.figures %}")
    grid = b.table(document, [60, 50, 70])
    b.tag_row(grid, "{%tr for f in doc.figures %}")
    cells = b.row(grid, "{{ f.label }}", "{{ f.value }}", "{{ f.note }}", aligns=(L, R, L))
    cells[1].paragraphs[0].runs[0].bold = True
    b.tag_row(grid, "{%tr endfor %}")
    b.finish(grid)
    b.tag(document, "{%p endif %}")


def _work(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.work %}")
    b.heading(document, "{{ doc.labels.report_work }}")
    b.tag(document, "{%p for w in doc.work %}")
    title = b.para(document, "{{ w.title }}", b.TEXT, bold=True)
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = b.base.Pt(6)
    title.add_run("{% if w.status or w.progress %} — {% endif %}").bold = None
    status = title.add_run("{{ w.status }}{% if w.status and w.progress %}, {% endif %}{{ w.progress }}")
    status.bold = None
    b.tag(document, "{%p if w.done %}")
    b.para(document, "{{ doc.labels.report_done }}", b.LABEL).paragraph_format.keep_with_next = True
    b.bullets(document, "w.done")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if w.planned %}")
    b.para(document, "{{ doc.labels.report_planned }}", b.LABEL).paragraph_format.keep_with_next = True
    b.bullets(document, "w.planned")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p endfor %}")
    b.tag(document, "{%p endif %}")


def _budget(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.time.budget %}")
    labels = "doc.labels"
    b.data_table(
        document,
        [
            ("", "{{ r.label }}", 52, L),
            (f"{{{{ {labels}.col_budget }}}}", "{{ r.budget }}", 32, R),
            (f"{{{{ {labels}.col_spent }}}}", "{{ r.spent }}", 32, R),
            (f"{{{{ {labels}.col_burn }}}}", "{{ r.burn }}", 30, R),
            (f"{{{{ {labels}.col_remaining }}}}", "{{ r.remaining }}", 34, R),
        ],
        "r in doc.time.budget",
        strong="r.over",
    )
    b.para(document, "{{ doc.time.budget_note }}", b.SMALL)
    b.tag(document, "{%p endif %}")


def _time(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.time %}")
    b.heading(document, "{{ doc.labels.report_time }}")
    b.chart(document, "doc.time.chart")
    _budget(document)
    labels = "doc.labels"
    b.para(document, "{{ doc.labels.report_by_person }}", b.LABEL).paragraph_format.space_before = b.base.Pt(
        8
    )
    b.data_table(
        document,
        [
            (f"{{{{ {labels}.col_person }}}}", "{{ r.label }}", 62, L),
            ("", "{{ r.detail }}", 40, L),
            (f"{{{{ {labels}.col_hours }}}}", "{{ r.hours }}", 18, R),
            (f"{{{{ {labels}.col_share }}}}", "{{ r.share }}", 18, R),
            (f"{{{{ {labels}.col_rate }}}}", "{{ r.rate }}", 20, R),
            (f"{{{{ {labels}.col_cost }}}}", "{{ r.amount }}", 22, R),
        ],
        "r in doc.time.by_person + (doc.time.total,)",
        strong="r.strong",
    )
    b.para(
        document, "{{ doc.labels.report_by_milestone }}", b.LABEL
    ).paragraph_format.space_before = b.base.Pt(8)
    b.data_table(
        document,
        [
            (f"{{{{ {labels}.col_milestone }}}}", "{{ r.label }}", 80, L),
            ("", "{{ r.detail }}", 40, L),
            (f"{{{{ {labels}.col_hours }}}}", "{{ r.hours }}", 18, R),
            (f"{{{{ {labels}.col_share }}}}", "{{ r.share }}", 20, R),
            (f"{{{{ {labels}.col_cost }}}}", "{{ r.amount }}", 22, R),
        ],
        "r in doc.time.by_milestone + (doc.time.total,)",
        strong="r.strong",
    )
    b.tag(document, "{%p endif %}")


def _metrics(document: DocxDocument) -> None:
    # One section per heading: a series' group, else the report's metrics_title.
    b.tag(document, "{%p for section in doc.metric_sections %}")
    b.heading(document, "{{ section.title }}")
    b.data_table(
        document,
        [
            ("{{ doc.labels.col_metric }}", "{{ m.name }}", 64, L),
            ("{{ doc.labels.col_previous }}", "{{ m.previous }} ({{ m.previous_period }})", 38, R),
            ("{{ doc.labels.col_current }}", "{{ m.current }} ({{ m.current_period }})", 38, R),
            ("{{ doc.labels.col_change }}", "{{ m.change }}", 40, R),
        ],
        "m in section.metrics",
    )
    b.space(document, 4)
    b.charts(document, "m in section.metrics", "m.chart")
    b.tag(document, "{%p endfor %}")


def _risks_and_decisions(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.risks %}")
    b.heading(document, "{{ doc.labels.report_risks }}")
    b.data_table(
        document,
        [
            ("{{ doc.labels.col_risk }}", "{{ r.text }}", 80, L),
            ("{{ doc.labels.col_impact }}", "{{ r.impact }}", 22, L),
            ("{{ doc.labels.col_mitigation }}", "{{ r.mitigation }}", 78, L),
        ],
        "r in doc.risks",
    )
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p if doc.decisions %}")
    b.heading(document, "{{ doc.labels.report_decisions }}")
    b.data_table(
        document,
        [
            ("{{ doc.labels.col_decision }}", "{{ d.label }}", 140, L),
            ("{{ doc.labels.col_due }}", "{{ d.value }}", 40, R),
        ],
        "d in doc.decisions",
    )
    b.tag(document, "{%p endif %}")


def _time_log(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.time and doc.time.entries %}")
    b.heading(document, "{{ doc.labels.report_time_log }}")
    b.data_table(
        document,
        [
            ("{{ doc.labels.col_date }}", "{{ e.date }}", 22, L),
            ("{{ doc.labels.col_person }}", "{{ e.person }}", 30, L),
            ("{{ doc.labels.col_task }}", "{{ e.task }}", 74, L),
            ("{{ doc.labels.col_milestone }}", "{{ e.milestone }}", 38, L),
            ("{{ doc.labels.col_hours }}", "{{ e.hours }}", 16, R),
        ],
        "e in doc.time.entries",
    )
    b.tag(document, "{%p endif %}")


def build_report() -> DocxDocument:
    """Letterhead, figures, summary, work, time and budget, metrics, risks, decisions, time log."""
    document = b.new_document()
    b.letterhead(document)
    _figures(document)
    b.tag(document, "{%p if doc.summary %}")
    b.heading(document, "{{ doc.labels.report_summary }}")
    b.markdown(document, "doc.summary")
    b.tag(document, "{%p endif %}")
    for part in (_work, _time, _metrics, _risks_and_decisions, _time_log):
        part(document)
    return b.end(document)


def _overview(document: DocxDocument) -> None:
    b.heading(document, "{{ doc.labels.audit_overview }}")
    widths = [60, 24, 24, 24, 24, 24]
    columns = [
        (f"{{{{ doc.overview_header[{i}] }}}}", f"{{{{ r[{i}] }}}}", width, L if i == 0 else C)
        for i, width in enumerate(widths)
    ]
    b.data_table(document, columns, "r in doc.overview", strong="loop.last")
    b.tag(document, "{%p if doc.priorities %}")
    b.para(document, "{{ doc.labels.audit_priorities }}", b.LABEL).paragraph_format.space_before = b.base.Pt(
        8
    )
    b.tag(document, "{%p for p in doc.priorities %}")
    priority = b.para(document, "{{ loop.index }}. {{ p.label }}", b.TEXT)
    priority.add_run('{% if p.value %} — {{ doc.labels["severity_" ~ p.value] }}{% endif %}').bold = True
    priority.paragraph_format.space_after = b.base.Pt(2)
    b.tag(document, "{%p endfor %}")
    b.tag(document, "{%p endif %}")


def _findings(document: DocxDocument) -> None:
    b.tag(document, "{%p for area in doc.areas %}")
    b.heading(document, "{{ area.name }}")
    b.tag(document, "{%p if area.strengths %}")
    b.para(document, "{{ doc.labels.audit_strengths }}", b.LABEL).paragraph_format.keep_with_next = True
    b.bullets(document, "area.strengths")
    b.tag(document, "{%p endif %}")
    b.tag(document, "{%p for f in area.findings %}")
    title = b.para(document, "[{{ f.severity }}] ", b.TEXT, bold=True)
    title.add_run("{{ f.title }}").bold = True
    title.add_run("{% if f.effort %} ({{ doc.labels.audit_effort }}: {{ f.effort }}){% endif %}")
    title.paragraph_format.space_before = b.base.Pt(6)
    title.paragraph_format.keep_with_next = True
    b.para(document, "{{ doc.labels.audit_evidence }}", b.LABEL).paragraph_format.keep_with_next = True
    b.markdown(document, "f.evidence")
    b.para(document, "{{ doc.labels.audit_recommendation }}", b.LABEL).paragraph_format.keep_with_next = True
    b.markdown(document, "f.recommendation")
    b.tag(document, "{%p endfor %}")
    b.tag(document, "{%p endfor %}")


def _competitors(document: DocxDocument) -> None:
    b.tag(document, "{%p if doc.competitors %}")
    b.heading(document, "{{ doc.labels.audit_competitors }}")
    grid = b.data_table(
        document,
        [
            ("{{ doc.labels.col_competitor }}", "{{ c.name }}", 40, L),
            ("{{ doc.labels.col_strengths }}", "", 70, L),
            ("{{ doc.labels.col_weaknesses }}", "", 70, L),
        ],
        "c in doc.competitors",
    )
    cells = grid.rows[2].cells
    cells[0].paragraphs[0].runs[0].bold = True
    for cell, items in ((cells[1], "c.strengths"), (cells[2], "c.weaknesses")):
        b.tag(cell, f"{{%p for item in {items} %}}")
        b.para(cell, "– {{ item }}", b.CELL)
        b.tag(cell, "{%p endfor %}")
    b.tag(document, "{%p if doc.metrics %}")
    b.para(document, "{{ doc.labels.audit_figures }}", b.LABEL).paragraph_format.space_before = b.base.Pt(8)
    figures = b.data_table(
        document,
        [("{{ doc.labels.col_metric }}", "{{ m.name }}", 80, L), ("", "", 100, L)],
        "m in doc.metrics",
    )
    value_cell = figures.rows[2].cells[1]
    b.tag(value_cell, "{%p for v in m.values %}")
    b.para(value_cell, "{{ doc.sites[loop.index0] }}: {{ v }}", b.CELL)
    b.tag(value_cell, "{%p endfor %}")
    b.tag(document, "{%p endif %}")
    b.space(document, 4)
    b.charts(document, "c in doc.charts", "c")
    b.tag(document, "{%p endif %}")


def build_audit() -> DocxDocument:
    """Letterhead, summary, scope, overview and priorities, findings by area, competitors."""
    document = b.new_document()
    b.letterhead(document)
    for key, field in (("audit_summary", "doc.summary"), ("audit_scope", "doc.scope")):
        b.tag(document, f"{{%p if {field} %}}")
        b.heading(document, f"{{{{ doc.labels.{key} }}}}")
        b.markdown(document, field)
        b.tag(document, "{%p endif %}")
    for part in (_overview, _findings, _competitors):
        part(document)
    return b.end(document)


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "report": build_report,
    "audit": build_audit,
    "proposal": build_proposal,
}


def template_bytes(kind: str) -> bytes:
    """The built-in template of ``kind`` as deterministic DOCX bytes."""
    return b.base.document_bytes(BUILDERS[kind](), kind)


def main() -> None:
    b.base.generate("Generate the DOCX templates of reports, audits, proposals.", BUILDERS, template_bytes)


if __name__ == "__main__":
    main()
