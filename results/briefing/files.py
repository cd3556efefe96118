"""The briefing as a file: PowerPoint (python-pptx) or PDF (WeasyPrint), with the same sections,
tables and charts (drawn once by matplotlib as PNG images; each chart's figures are also a table)."""

import io
from collections.abc import Callable

from django.template.loader import render_to_string

from ..measures import Chart
from .content import Block, Briefing

CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}

# The portal's blue and the grey of its text (contrast above 4.5:1 on white).
BLUE = "#0b5394"
GREY = "#333333"


def chart_png(chart: Chart, *, width: float = 8.0, height: float = 3.6) -> bytes:
    """The chart as a PNG (a bar or line per series), labels in the briefing's language."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(width, height), dpi=110)
    try:
        positions = range(len(chart.categories))
        count = max(1, len(chart.series))
        bar_width = 0.8 / count
        palette = [BLUE, "#e69138", "#6aa84f", "#674ea7"]
        for n, (label, values) in enumerate(chart.series):
            colour = palette[n % len(palette)]
            if chart.kind == "line":
                axes.plot(list(positions), values, marker="o", color=colour, label=label)
            else:
                offsets = [p - 0.4 + bar_width * (n + 0.5) for p in positions]
                bars = axes.bar(offsets, values, width=bar_width, color=colour, label=label)
                axes.bar_label(bars, fmt="%g", fontsize=8, color=GREY)
        axes.set_xticks(list(positions))
        axes.set_xticklabels(
            chart.categories,
            rotation=20 if len(chart.categories) > 4 else 0,
            ha="right" if len(chart.categories) > 4 else "center",
            fontsize=8,
        )
        axes.set_title(chart.title, fontsize=11, color=GREY)
        axes.spines[["top", "right"]].set_visible(False)
        if len(chart.series) > 1:
            axes.legend(fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


# --- PowerPoint ------------------------------------------------------------------------------------
LINES_PER_SLIDE = 16
ROWS_PER_SLIDE = 10


CHARACTERS_PER_LINE = 120  # at 14 pt across the 12-inch text box


def _lines(text: str) -> int:
    """How many lines a paragraph takes on a slide, roughly (long ones wrap)."""
    return 1 + len(text) // CHARACTERS_PER_LINE


def _slide_units(blocks: list[Block]) -> list[list[Block]]:
    """The section's blocks cut into slides: text by lines, tables by rows, a chart on its own."""
    slides: list[list[Block]] = []
    current: list[Block] = []
    lines = 0

    def flush():
        nonlocal current, lines
        if current:
            slides.append(current)
        current, lines = [], 0

    for block in blocks:
        if block.kind == "chart":
            flush()
            slides.append([block])
            continue
        if block.kind == "table":
            flush()
            rows = block.table.rows
            for start in range(0, len(rows), ROWS_PER_SLIDE):
                part = Block(
                    "table",
                    table=type(block.table)(
                        block.table.header, rows[start : start + ROWS_PER_SLIDE], block.table.caption
                    ),
                )
                slides.append([part])
            continue
        if block.kind == "bullets":
            chunk: list[str] = []
            for item in block.items:
                weight = _lines(item)
                if lines + weight > LINES_PER_SLIDE:
                    if chunk:
                        current.append(Block("bullets", items=chunk))
                    flush()
                    chunk = []
                chunk.append(item)
                lines += weight
            if chunk:
                current.append(Block("bullets", items=chunk))
            continue
        weight = _lines(block.text)
        if lines + weight > LINES_PER_SLIDE:
            flush()
        current.append(block)
        lines += weight
    flush()
    return slides or [[]]


def write_pptx(briefing: Briefing, target, *, on_progress: Callable[[int], None] | None = None) -> None:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title_layout, blank = deck.slide_layouts[0], deck.slide_layouts[6]
    cover = deck.slides.add_slide(title_layout)
    cover.shapes.title.text = briefing.title
    cover.placeholders[1].text = briefing.subtitle
    contents = deck.slides.add_slide(blank)
    _textbox(
        contents,
        briefing_contents_title(briefing),
        [("heading", s.title) for s in _unique_titles(briefing)],
        Inches,
        Pt,
        RGBColor,
    )
    total = len(briefing.sections)
    for n, section in enumerate(briefing.sections):
        for part, blocks in enumerate(_slide_units(section.blocks)):
            slide = deck.slides.add_slide(blank)
            title = section.title if part == 0 else f"{section.title} ({part + 1})"
            charts = [b for b in blocks if b.kind == "chart"]
            tables = [b for b in blocks if b.kind == "table"]
            if charts:
                _title(slide, title, Inches, Pt, RGBColor)
                slide.shapes.add_picture(
                    io.BytesIO(chart_png(charts[0].chart, width=11, height=5)),
                    Inches(0.8),
                    Inches(1.3),
                    width=Inches(11.5),
                )
                alt = slide.shapes[-1]
                alt._element.nvPicPr.cNvPr.set("descr", charts[0].chart.title)
            elif tables:
                _title(slide, title, Inches, Pt, RGBColor)
                _table(slide, tables[0].table, Inches, Pt)
            else:
                lines = []
                for block in blocks:
                    if block.kind == "bullets":
                        lines.extend(("bullet", item) for item in block.items)
                    else:
                        lines.append((block.kind, block.text))
                _textbox(slide, title, lines, Inches, Pt, RGBColor)
        if on_progress:
            on_progress(100 * (n + 1) // total)
    deck.save(target)


def briefing_contents_title(briefing: Briefing) -> str:
    from django.utils.translation import gettext as _

    return _("Contents")


def _unique_titles(briefing: Briefing):
    seen, out = set(), []
    for section in briefing.sections:
        base = section.title.split(" (")[0]
        if base not in seen:
            seen.add(base)
            out.append(type(section)(base))
    return out


def _title(slide, text, Inches, Pt, RGBColor):
    box = slide.shapes.add_textbox(Inches(0.6), Inches(0.3), Inches(12), Inches(0.9))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(26), True
    run.font.color.rgb = RGBColor.from_string(BLUE[1:])


def _textbox(slide, title, lines, Inches, Pt, RGBColor):
    _title(slide, title, Inches, Pt, RGBColor)
    box = slide.shapes.add_textbox(Inches(0.7), Inches(1.3), Inches(12), Inches(5.8))
    frame = box.text_frame
    frame.word_wrap = True
    first = True
    for kind, text in lines:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = paragraph.add_run()
        run.text = ("• " + text) if kind == "bullet" else text
        run.font.size = Pt(18 if kind == "heading" else 14)
        run.font.bold = kind == "heading"
        run.font.color.rgb = RGBColor.from_string((BLUE if kind == "heading" else GREY)[1:])
        paragraph.space_after = Pt(4)


def _table(slide, table, Inches, Pt):
    rows, cols = len(table.rows) + 1, len(table.header)
    shape = slide.shapes.add_table(rows, cols, Inches(0.6), Inches(1.3), Inches(12), Inches(0.4) * rows)
    grid = shape.table
    for c, text in enumerate(table.header):
        grid.cell(0, c).text = str(text)
    for r, row in enumerate(table.rows, start=1):
        for c, text in enumerate(row):
            grid.cell(r, c).text = str(text)
    for r in range(rows):
        for c in range(cols):
            for paragraph in grid.cell(r, c).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)


# --- PDF -------------------------------------------------------------------------------------------
def write_pdf(briefing: Briefing, target, *, on_progress: Callable[[int], None] | None = None) -> None:
    import base64
    import logging

    from weasyprint import HTML

    # Font subsetting and layout steps talk at INFO: a briefing's log is its job's progress.
    for name in ("fontTools", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)

    charts = {}
    total = len(briefing.sections)
    for n, section in enumerate(briefing.sections):
        for block in section.blocks:
            if block.kind == "chart":
                charts[id(block)] = (
                    "data:image/png;base64," + base64.b64encode(chart_png(block.chart)).decode()
                )
        if on_progress:
            on_progress(60 * (n + 1) // total)
    sections = [
        {
            "title": section.title,
            "blocks": [{"block": block, "image": charts.get(id(block), "")} for block in section.blocks],
        }
        for section in briefing.sections
    ]
    html = render_to_string(
        "results/briefing.html",
        {"briefing": briefing, "sections": sections, "contents": _unique_titles(briefing)},
    )
    HTML(string=html).write_pdf(target)
    if on_progress:
        on_progress(100)


WRITERS = {"pptx": write_pptx, "pdf": write_pdf}


def write_briefing(briefing: Briefing, *, file_format: str, target, on_progress=None) -> None:
    WRITERS[file_format](briefing, target, on_progress=on_progress)
