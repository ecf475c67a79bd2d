"""The deck of each kind with slides: its resolved context -> a :class:`~agencydocs.rendering.slides.Deck`.

One idea per slide, in the order a client meeting runs: the title, the
situation, the offer (or the results, or the findings), then the next steps.
Every text and figure is taken from the context the document itself prints,
so a price or a KPI on a slide is the document's own string. Long lists are
cut to what a slide can hold, with a "… and N more" line: the document
carries the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from agencydocs.rendering.html import brand_color
from agencydocs.rendering.slides import Bar, Deck, Slide, Stat, Table

if TYPE_CHECKING:
    from agencydocs.kinds import RenderContext
    from agencydocs.resolvers.audit import AuditContext
    from agencydocs.resolvers.letterhead import Heading
    from agencydocs.resolvers.proposal import OptionView, ProposalContext
    from agencydocs.resolvers.report import ReportContext

MAX_BULLETS = 6
MAX_TABLE_ROWS = 8
CHARTS_PER_SLIDE = 2
SEVERITIES = ("critical", "high", "medium", "low")
# Characters of a lead under the title: two lines (three on a bullets slide, where it flows above them).
LEAD, LEAD_LONG = 190, 320


def build_deck(ctx: RenderContext) -> Deck:
    """The deck of ``ctx``, by its kind's builder."""
    slides = BUILDERS[ctx.kind](ctx)
    heading: Heading = ctx.heading  # type: ignore[attr-defined] # every kind with slides has a letterhead
    return Deck(
        kind=ctx.kind, title=ctx.title, locale=ctx.locale, brand_color=brand_color(ctx.brand_color),
        logo=ctx.logo, agency=heading.agency, footer=ctx.footer, date=ctx.meta.get("date", ""),
        slides=(_title_slide(heading), *slides),
    )  # fmt: skip


def _title_slide(heading: Heading) -> Slide:
    # The facts of the letterhead (date, client, author and e-mail), each on one line.
    facts = tuple(f"{row.label}: {row.value}" if row.label else row.value for row in heading.rows)
    return Slide("title", heading.title, subtitle=heading.subtitle, bullets=facts)


# -- proposal ------------------------------------------------------------------------------------


def proposal_slides(ctx: ProposalContext) -> list[Slide]:
    labels = ctx.labels
    slides: list[Slide] = []
    if ctx.context or ctx.goals:
        slides.append(
            Slide(
                "bullets",
                labels["proposal_goals"],
                subtitle=plain(ctx.context, LEAD_LONG),
                bullets=_cut(ctx.goals, labels),
            )
        )
    if len(ctx.overview) > 1:
        stats = tuple(Stat(row.label, row.value, _option_note(ctx, row.label)) for row in ctx.overview)
        slides.append(Slide("stats", labels["proposal_options"], stats=stats, note=ctx.vat_note))
    slides += [_option_slide(ctx, option) for option in ctx.options]
    timeline = _timeline_option(ctx)
    if timeline is not None:
        slides.append(_timeline_slide(ctx, timeline))
    steps = _cut(ctx.next_steps, labels)
    slides.append(Slide("bullets", labels["proposal_next_steps"], bullets=steps, note=ctx.validity,
                        subtitle=" · ".join(ctx.contact)))  # fmt: skip
    return slides


def _option_note(ctx: ProposalContext, name: str) -> str:
    """Under an option's price: "recommended", else its duration."""
    for option in ctx.options:
        if option.name == name:
            return ctx.labels["proposal_recommended"] if option.recommended else option.duration
    return ""


def _option_slide(ctx: ProposalContext, option: OptionView) -> Slide:
    labels = ctx.labels
    rows = _cut_rows([(item.description, item.amount) for item in option.items], labels, 2)
    rows += [(row.label, row.value) for row in option.totals.rows if row.strong]
    table = Table(
        (labels["col_description"], labels["col_amount"]), tuple(rows), (False, True), strong_last=True
    )
    title = f"{labels['proposal_option']}: {option.name}"
    duration = labels["proposal_duration"].format(duration=option.duration) if option.duration else ""
    recommended = labels["proposal_recommended"] if option.recommended else ""
    subtitle = " · ".join(part for part in (recommended, plain(option.description, LEAD), duration) if part)
    return Slide("table", title, subtitle=subtitle, table=table, note=ctx.vat_note)


def _timeline_option(ctx: ProposalContext) -> OptionView | None:
    """The recommended option's timeline (else the first one with a timeline)."""
    with_timeline = [option for option in ctx.options if option.timeline]
    recommended = [option for option in with_timeline if option.recommended]
    chosen = recommended or with_timeline
    return chosen[0] if chosen else None


def _timeline_slide(ctx: ProposalContext, option: OptionView) -> Slide:
    bars = tuple(
        Bar(phase.title, f"{phase.span} · {phase.duration}", _fraction(phase.offset), _fraction(phase.width))
        for phase in option.timeline[: MAX_TABLE_ROWS + 1]
    )
    subtitle = " · ".join(part for part in (option.name, ctx.labels["proposal_duration"].format(
        duration=option.duration) if option.duration else "") if part)  # fmt: skip
    return Slide("timeline", ctx.labels["proposal_timeline"], subtitle=subtitle, bars=bars)


def _fraction(percent: str) -> float:
    """``"11.11%"`` (the CSS value the proposal's timeline uses) -> 0.1111."""
    return round(float(percent.rstrip("%")) / 100, 4)


# -- report --------------------------------------------------------------------------------------


def report_slides(ctx: ReportContext) -> list[Slide]:
    labels = ctx.labels
    slides: list[Slide] = []
    if ctx.figures:
        stats = tuple(Stat(figure.label, figure.value, figure.note, figure.tone) for figure in ctx.figures)
        slides.append(
            Slide("stats", labels["slides_key_figures"], subtitle=plain(ctx.summary, LEAD), stats=stats)
        )
    for section in ctx.metric_sections:
        for start in range(0, len(section.metrics), CHARTS_PER_SLIDE):
            metrics = section.metrics[start : start + CHARTS_PER_SLIDE]
            captions = tuple(Stat(m.name, m.current, m.change, m.tone) for m in metrics)
            title = section.title or labels["report_metrics"]
            slides.append(Slide("charts", title, stats=captions, charts=tuple(m.chart for m in metrics)))
    if ctx.time is not None:
        slides.append(_time_slide(ctx))
    if ctx.work:
        rows = tuple((work.title, work.status, work.progress) for work in ctx.work)
        table = Table((labels["report_work"], "", ""), rows[:MAX_TABLE_ROWS], (False, False, True))
        slides.append(Slide("table", labels["report_work"], table=table))
    steps = [f"{row.label} — {row.value}" if row.value else row.label for row in ctx.decisions]
    steps += [item for work in ctx.work for item in work.planned]
    if steps:
        slides.append(Slide("bullets", labels["slides_next_steps"], bullets=_cut(steps, labels)))
    return slides


def _time_slide(ctx: ReportContext) -> Slide:
    assert ctx.time is not None
    labels = ctx.labels
    stats = tuple(
        Stat(row.label, f"{row.spent}{row.unit}", labels["figure_of_budget"].format(
            budget=f"{row.budget}{row.unit}", burn=row.burn), "bad" if row.over else "")
        for row in ctx.time.budget
    )  # fmt: skip
    if not stats:
        stats = (Stat(ctx.time.total.label, ctx.time.total.hours, ctx.time.total.amount),)
    charts = (ctx.time.chart,) if ctx.time.chart is not None else ()
    return Slide("charts" if charts else "stats", labels["report_time"], stats=stats, charts=charts,
                 note=ctx.time.budget_note)  # fmt: skip


# -- audit ---------------------------------------------------------------------------------------


def audit_slides(ctx: AuditContext) -> list[Slide]:
    labels = ctx.labels
    slides: list[Slide] = []
    if ctx.overview:
        numeric = (False, *(True for _ in ctx.overview_header[1:]))
        table = Table(ctx.overview_header, ctx.overview, numeric, strong_last=True)
        slides.append(
            Slide("table", labels["audit_overview"], subtitle=plain(ctx.summary, LEAD), table=table)
        )
    findings = [finding for area in ctx.areas for finding in area.findings]
    for level in SEVERITIES:
        chosen = [finding for finding in findings if finding.level == level]
        if not chosen:
            continue
        rows = _cut_rows([(finding.title, finding.area, finding.effort) for finding in chosen], labels, 3)
        area = ctx.overview_header[0] if ctx.overview_header else ""
        table = Table(("", area, labels["audit_effort"]), tuple(rows), (False, False, False),
                      levels=tuple(level for _ in rows))  # fmt: skip
        title = labels["slides_findings"].format(severity=chosen[0].severity)
        slides.append(Slide("table", title, table=table, level=level))
    if ctx.charts:
        for start in range(0, len(ctx.charts), CHARTS_PER_SLIDE):
            charts = ctx.charts[start : start + CHARTS_PER_SLIDE]
            slides.append(Slide("charts", labels["audit_figures"], charts=charts))
    if ctx.priorities:
        bullets = _cut([row.label for row in ctx.priorities], labels)
        slides.append(Slide("bullets", labels["slides_next_steps"], subtitle=labels["audit_priorities"],
                            bullets=bullets))  # fmt: skip
    return slides


# -- shared --------------------------------------------------------------------------------------


def _cut(items: Sequence[str], labels: Any) -> tuple[str, ...]:
    """At most :data:`MAX_BULLETS` items; the last line says how many more the document lists."""
    if len(items) <= MAX_BULLETS:
        return tuple(items)
    more = labels["slides_more"].format(count=len(items) - MAX_BULLETS + 1)
    return (*items[: MAX_BULLETS - 1], more)


def _cut_rows(rows: Sequence[tuple[str, ...]], labels: Any, width: int) -> list[tuple[str, ...]]:
    """At most :data:`MAX_TABLE_ROWS` rows; the last one says how many more the document lists."""
    if len(rows) <= MAX_TABLE_ROWS:
        return list(rows)
    more = labels["slides_more"].format(count=len(rows) - MAX_TABLE_ROWS + 1)
    return [*rows[: MAX_TABLE_ROWS - 1], (more, *([""] * (width - 1)))]


def plain(text: str, limit: int | None = None) -> str:
    """Markdown as one line of plain text (a slide shows the words, not the markup), at most ``limit``
    characters: whole sentences when they fit, else whole words and "…"."""
    from markdown_it import MarkdownIt

    words = []
    for token in MarkdownIt("commonmark").parse(text or ""):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type == "paragraph_close":
            words.append(" ")
    text = " ".join("".join(words).split())
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence_end > limit // 4:  # a first sentence that says something
        return cut[: sentence_end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:—–-") + "…"


BUILDERS: dict[str, Callable[[Any], list[Slide]]] = {
    "proposal": proposal_slides,
    "report": report_slides,
    "audit": audit_slides,
}
