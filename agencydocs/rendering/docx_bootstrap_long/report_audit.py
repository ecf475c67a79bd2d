"""The status report and the site audit, section by section in the order of their HTML templates."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Pt

from agencydocs.rendering import docx_draft as d
from agencydocs.rendering.docx_bootstrap_long import parts as p
from agencydocs.rendering.docx_bootstrap_long import reports as b
from agencydocs.rendering.docx_bootstrap_long.reports import C, L, R

MONEY = "doc.time.show_money"


def _figures(document: DocxDocument) -> None:
    """The headline figures: label, value, note; a rule in the brand colour above each."""
    d.tag(document, "{%p if doc.figures %}")
    grid = p.table(document, [60, 42, 78])
    d.tag_row(grid, "{%tr for f in doc.figures %}")
    cells = d.row(grid, "{{ f.label }}", "{{ f.value }}", "{{ f.note }}", aligns=(L, R, L))
    cells[1].paragraphs[0].runs[0].bold = True
    d.tag_row(grid, "{%tr endfor %}")
    d.finish(grid)
    d.tag(document, "{%p endif %}")


def _work(document: DocxDocument) -> None:
    with b.section(document, "doc.work", "{{ doc.labels.report_work }}"):
        d.tag(document, "{%p for w in doc.work %}")
        title = d.para(document, "{{ w.title }}", b.TEXT, bold=True)
        title.paragraph_format.keep_with_next = True
        title.paragraph_format.space_before = Pt(6)
        status = "{{ w.status }}{% if w.hours %}{% if w.status %} · {% endif %}{{ w.hours }} "
        status += "{{ doc.labels.chart_hours_unit | trim }}{% endif %}{% if w.progress %}, {{ w.progress }}{% endif %}"
        title.add_run("{% if w.status or w.hours or w.progress %} — {% endif %}" + status).bold = None
        # Done and planned side by side, as in the PDF.
        grid = p.table(document, [b.WIDTH / 2, b.WIDTH / 2])
        lists = (("report_done", "w.done"), ("report_planned", "w.planned"))
        for cell, (key, items) in zip(d.row(grid, "", ""), lists, strict=True):
            d.tag(cell, f"{{%p if {items} %}}")
            d.para(cell, f"{{{{ doc.labels.{key} }}}}", p.LABEL)
            b.bullets(cell, items)
            d.tag(cell, "{%p endif %}")
        d.finish(grid)
        d.tag(document, "{%p endfor %}")


def _money(header: str) -> str:
    """A money column's header or cell, empty when the report shows hours only."""
    return f"{{% if {MONEY} %}}{header}{{% endif %}}"


def _time(document: DocxDocument) -> None:
    with b.section(document, "doc.time", "{{ doc.labels.report_time }}"):
        d.tag(document, "{%p if doc.time.chart %}")
        b.chart(document, "doc.time.chart")
        d.tag(document, "{%p endif %}")
        d.tag(document, "{%p if doc.time.budget %}")
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
        d.para(document, "{{ doc.time.budget_note }}", p.SMALL)
        d.tag(document, "{%p endif %}")
        b.subheading(document, "{{ doc.labels.report_by_person }}")
        b.data_table(
            document,
            [
                (f"{{{{ {labels}.col_person }}}}", "{{ r.label }}", 58, L),
                ("", "{{ r.detail }}", 44, L),
                (f"{{{{ {labels}.col_hours }}}}", "{{ r.hours }}", 16, R),
                (f"{{{{ {labels}.col_share }}}}", "{{ r.share }}", 18, R),
                (_money(f"{{{{ {labels}.col_rate }}}}"), _money("{{ r.rate }}"), 20, R),
                (_money(f"{{{{ {labels}.col_cost }}}}"), _money("{{ r.amount }}"), 24, R),
            ],
            "r in doc.time.by_person + (doc.time.total,)",
            strong="r.strong",
        )
        b.subheading(document, "{{ doc.labels.report_by_milestone }}")
        b.data_table(
            document,
            [
                (f"{{{{ {labels}.col_milestone }}}}", "{{ r.label }}", 78, L),
                ("", "{{ r.detail }}", 40, L),
                (f"{{{{ {labels}.col_hours }}}}", "{{ r.hours }}", 16, R),
                (f"{{{{ {labels}.col_share }}}}", "{{ r.share }}", 20, R),
                (_money(f"{{{{ {labels}.col_cost }}}}"), _money("{{ r.amount }}"), 26, R),
            ],
            "r in doc.time.by_milestone + (doc.time.total,)",
            strong="r.strong",
        )


def _metrics(document: DocxDocument) -> None:
    # One section per heading: a series' group, else the report's metrics_title.
    d.tag(document, "{%p for section in doc.metric_sections %}")
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
    d.gap(document, 4)
    b.charts(document, "m in section.metrics", "m.chart")
    d.tag(document, "{%p endfor %}")


def _risks_and_decisions(document: DocxDocument) -> None:
    with b.section(document, "doc.risks", "{{ doc.labels.report_risks }}"):
        grid = b.data_table(
            document,
            [
                ("{{ doc.labels.col_risk }}", "{{ r.text }}", 78, L),
                ("{{ doc.labels.col_impact }}", "", 24, L),
                ("{{ doc.labels.col_mitigation }}", "{{ r.mitigation }}", 78, L),
            ],
            "r in doc.risks",
        )
        b.badge(grid.rows[2].cells[1].paragraphs[0], "{{ r.impact }}", "r.level")
    with b.section(document, "doc.decisions", "{{ doc.labels.report_decisions }}"):
        b.data_table(
            document,
            [
                ("{{ doc.labels.col_decision }}", "{{ d.label }}", 140, L),
                ("{{ doc.labels.col_due }}", "{{ d.value }}", 40, R),
            ],
            "d in doc.decisions",
        )


def _time_log(document: DocxDocument) -> None:
    with b.section(document, "doc.time and doc.time.entries", "{{ doc.labels.report_time_log }}"):
        grid = b.data_table(
            document,
            [
                ("{{ doc.labels.col_date }}", "{{ e.date }}", 24, L),
                ("{{ doc.labels.col_person }}", "{{ e.person }}", 30, L),
                ("{{ doc.labels.col_task }}", "{{ e.task }}", 72, L),
                ("{{ doc.labels.col_milestone }}", "{{ e.milestone }}", 40, L),
                ("{{ doc.labels.col_hours }}", "{{ e.hours }}", 14, R),
            ],
            "e in doc.time.entries",
        )
        total = d.row(
            grid,
            "{{ doc.time.total.label }}",
            "",
            "",
            "",
            "{{ doc.time.total.hours }}",
            bold=True,
            aligns=(L, L, L, L, R),
        )
        total[0].merge(total[3])
        d.finish(grid)


def build_report() -> DocxDocument:
    """Letterhead, figures, summary, work, time and budget, metrics, risks, decisions, time log."""
    document = b.new_document()
    b.letterhead(document)
    _figures(document)
    with b.section(document, "doc.summary", "{{ doc.labels.report_summary }}"):
        b.markdown(document, "doc.summary")
    for part in (_work, _time, _metrics, _risks_and_decisions, _time_log):
        part(document)
    return p.end(document)


def _overview(document: DocxDocument) -> None:
    b.heading(document, "{{ doc.labels.audit_overview }}")
    widths = [60, 24, 24, 24, 24, 24]
    columns = [
        (f"{{{{ doc.overview_header[{i}] }}}}", f"{{{{ r[{i}] }}}}", width, L if i == 0 else C)
        for i, width in enumerate(widths)
    ]
    b.data_table(document, columns, "r in doc.overview", strong="loop.last")
    d.tag(document, "{%p if doc.priorities %}")
    b.subheading(document, "{{ doc.labels.audit_priorities }}")
    # One paragraph, a numbered line per priority (no {%p for %} paragraphs).
    priority = d.para(document, "{% for item in doc.priorities %}{{ loop.index }}. ", b.TEXT)
    b.badge(
        priority, '{% if item.value %}{{ doc.labels["severity_" ~ item.value] }}{% endif %}', "item.value"
    )
    priority.add_run("{% if item.value %} {% endif %}{{ item.label }}{% if not loop.last %}")
    d.line_break(priority)
    priority.add_run("{% endif %}{% endfor %}")
    d.tag(document, "{%p endif %}")


def _findings(document: DocxDocument) -> None:
    d.tag(document, "{%p for area in doc.areas %}")
    b.heading(document, "{{ area.name }}")
    d.tag(document, "{%p if area.strengths %}")
    b.subheading(document, "{{ doc.labels.audit_strengths }}")
    b.bullets(document, "area.strengths")
    d.tag(document, "{%p endif %}")
    d.tag(document, "{%p for f in area.findings %}")
    title = d.para(document, style=b.TEXT)
    b.badge(title, "{{ f.severity }}", "f.level")
    title.add_run(" {{ f.title }}").bold = True
    title.add_run("{% if f.effort %} ({{ doc.labels.audit_effort }}: {{ f.effort }}){% endif %}")
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.keep_with_next = True
    # What was found and what to do, side by side as in the PDF.
    grid = p.table(document, [b.WIDTH / 2, b.WIDTH / 2])
    pairs = (("audit_evidence", "f.evidence"), ("audit_recommendation", "f.recommendation"))
    for cell, (key, field) in zip(d.row(grid, "", ""), pairs, strict=True):
        d.para(cell, f"{{{{ doc.labels.{key} }}}}", p.LABEL)
        d.para(cell, f'{{{{p {field} | markdown(style="{b.TEXT}", width_mm={b.WIDTH / 2 - 4:g}) }}}}')
    d.finish(grid)
    d.tag(document, "{%p endfor %}")
    d.tag(document, "{%p endfor %}")


def _competitors(document: DocxDocument) -> None:
    with b.section(document, "doc.competitors", "{{ doc.labels.audit_competitors }}"):
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
            d.lines(cell, f"item in {items}", "\u2022 {{ item }}", p.CELL)  # a bullet per line
        d.tag(document, "{%p if doc.metrics %}")
        b.subheading(document, "{{ doc.labels.audit_figures }}")
        figures = b.data_table(
            document,
            [("{{ doc.labels.col_metric }}", "{{ m.name }}", 80, L), ("", "", 100, L)],
            "m in doc.metrics",
        )
        value_cell = figures.rows[2].cells[1]
        d.lines(value_cell, "v in m.values", "{{ doc.sites[loop.index0] }}: {{ v }}", p.CELL)
        d.tag(document, "{%p endif %}")
        d.gap(document, 4)
        b.charts(document, "c in doc.charts", "c")


def build_audit() -> DocxDocument:
    """Letterhead, summary, scope, overview and priorities, findings by area, competitors."""
    document = b.new_document()
    b.letterhead(document)
    for key, field in (("audit_summary", "doc.summary"), ("audit_scope", "doc.scope")):
        with b.section(document, field, f"{{{{ doc.labels.{key} }}}}"):
            b.markdown(document, field)
    for part in (_overview, _findings, _competitors):
        part(document)
    return p.end(document)
