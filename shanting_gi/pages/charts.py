"""Server-side charts as inline SVG: no JavaScript, no external assets.

Each chart scales with its container (viewBox, width 100 %) up to MAX_WIDTH. Text is
drawn at FONT_SIZE units in a VIEW_WIDTH-unit-wide box, so on a 360 px phone (about 328 px
of content) it is still 12–13 px tall. The SVG is labelled by its <title> and <desc>;
the page puts a table with the same numbers next to it for screen readers and for anyone
who wants the figures.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

VIEW_WIDTH = 380
MAX_WIDTH = "28rem"
FONT_SIZE = 16
CHAR_WIDTH = 9  # rough width of a digit at FONT_SIZE, for sizing the value axis margin
INK = "#1f2328"
MUTED = "#57606a"  # 6.4:1 on white
GRID = "#d0d7de"
# Series colours, each at least 4.5:1 against white and distinct from one another.
COLOURS = ("#8f1d21", "#0b5cad", "#14692d", "#7a4d00")
# A white outline keeps a label readable where it crosses a bar or a grid line.
HALO = ' paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round"'


def _num(value):
    """Coordinates with at most one decimal, without trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x, y, content, *, anchor="start", fill=INK, weight=None, extra=""):
    attrs = f'x="{_num(x)}" y="{_num(y)}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    return f"<text {attrs}{extra}>{escape(content)}</text>"


def _svg(chart_id, title, description, height, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {VIEW_WIDTH} {_num(height)}" width="100%" '
        f'style="display:block;max-width:{MAX_WIDTH};height:auto" '
        f'font-size="{FONT_SIZE}" class="chart">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _percent_label(value):
    return f"{value:g}\u00a0%"


def count_step(value):
    """A round whole step (1, 2 or 5 × 10ⁿ) such that four steps reach value."""
    step = 1
    while step * 4 < value:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step = int(step * factor)
            if step * 4 >= value:
                break
    return step


def bar_chart(*, chart_id, title, description, rows, axis_label, target=None, target_label=""):
    """Horizontal bars on a 0–100 % scale, each labelled above its bar, with a target line.

    rows: (label, percent or None, value text). A row without a value shows its text
    ("—") and no bar.
    """
    left, right = 8, VIEW_WIDTH - 12
    plot = right - left
    top = 30 if target is not None else 8
    row_height = 52
    bar_height = 22
    axis_y = top + row_height * max(len(rows), 1) + 4
    height = axis_y + 52

    def x(percent):
        return left + plot * float(percent) / 100

    body = []
    for tick in range(0, 101, 25):
        body.append(
            f'<line x1="{_num(x(tick))}" y1="{top}" x2="{_num(x(tick))}" y2="{_num(axis_y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        body.append(_text(x(tick), axis_y + 20, _percent_label(tick), anchor=anchor, fill=MUTED))
    body.append(
        f'<line x1="{left}" y1="{_num(axis_y)}" x2="{right}" y2="{_num(axis_y)}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    )
    body.append(_text(VIEW_WIDTH / 2, axis_y + 44, axis_label, anchor="middle"))

    for index, (label, percent, value_text) in enumerate(rows):
        label_y = top + row_height * index + 18
        bar_y = label_y + 6
        body.append(_text(left, label_y, label, weight="600"))
        if percent is None:
            body.append(_text(left + 4, bar_y + 17, value_text, fill=MUTED))
            continue
        colour = COLOURS[0]
        width = max(x(percent) - left, 0)
        body.append(
            f'<rect x="{left}" y="{_num(bar_y)}" width="{_num(width)}" height="{bar_height}" '
            f'fill="{colour}"/>'
        )
        # The value sits inside a long bar (white on cherry red, 9:1), after a short one.
        if float(percent) >= 70:
            body.append(_text(x(percent) - 6, bar_y + 17, value_text, anchor="end", fill="#ffffff"))
        else:
            body.append(_text(x(percent) + 6, bar_y + 17, value_text))

    if target is not None:
        tx = x(target)
        body.append(
            f'<line x1="{_num(tx)}" y1="{top - 6}" x2="{_num(tx)}" y2="{_num(axis_y)}" '
            f'stroke="{INK}" stroke-width="2.5" stroke-dasharray="6 4"/>'
        )
        anchor = "end" if target > 50 else "start"
        body.append(_text(tx, top - 10, target_label, anchor=anchor, weight="600", extra=HALO))
    return _svg(chart_id, title, description, height, body)


def column_chart(
    *,
    chart_id,
    title,
    description,
    categories,
    series,
    y_label,
    x_label,
    percent=True,
    target=None,
    target_label="",
):
    """Vertical bars grouped by category (a year or a season), one colour per series.

    series: (name, values) with one value per category, a number or None. Percentages use
    a 0–100 scale; counts a rounded-up one. Missing values are drawn as "—".
    """
    values = [v for _name, vals in series for v in vals if v is not None]
    top_value = 100 if percent else 4 * count_step(max(values, default=0))
    ticks = [top_value * i / 4 for i in range(5)]

    def tick_label(value):
        if percent:
            return _percent_label(round(value, 1))
        return f"{value:,.0f}"

    label_width = max(len(tick_label(t)) for t in ticks) * CHAR_WIDTH
    left = 26 + label_width + 6
    right = VIEW_WIDTH - 8
    legend_top = 8
    # One legend row per series when there are several, plus one for the target line.
    legend = [(name, "swatch", COLOURS[i % len(COLOURS)]) for i, (name, _v) in enumerate(series)]
    legend = legend if len(series) > 1 else []
    if target is not None:
        legend.append((target_label, "target", INK))
    plot_top = legend_top + 22 * len(legend) + 14
    plot_height = 170
    base = plot_top + plot_height
    height = base + 58

    def y(value):
        return base - plot_height * float(value) / top_value

    body = []
    for index, (name, kind, colour) in enumerate(legend):
        row_y = legend_top + 22 * index
        if kind == "swatch":
            body.append(
                f'<rect x="{_num(left)}" y="{row_y + 2}" width="14" height="14" fill="{colour}"/>'
            )
        else:
            body.append(
                f'<line x1="{_num(left - 8)}" y1="{row_y + 9}" x2="{_num(left + 14)}" '
                f'y2="{row_y + 9}" stroke="{colour}" stroke-width="2.5" stroke-dasharray="6 4"/>'
            )
        body.append(_text(left + 20, row_y + 15, name, weight="600" if kind == "target" else None))
    for tick in ticks:
        body.append(
            f'<line x1="{_num(left)}" y1="{_num(y(tick))}" x2="{right}" y2="{_num(y(tick))}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y(tick) + 5, tick_label(tick), anchor="end", fill=MUTED))
    body.append(
        _text(
            14,
            plot_top + plot_height / 2,
            y_label,
            anchor="middle",
            extra=f' transform="rotate(-90 14 {_num(plot_top + plot_height / 2)})"',
        )
    )
    body.append(
        f'<line x1="{_num(left)}" y1="{_num(base)}" x2="{right}" y2="{_num(base)}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    )

    count = max(len(categories), 1)
    group = (right - left) / count
    bar = min(32, group * 0.8 / max(len(series), 1))
    for c_index, category in enumerate(categories):
        start = left + group * c_index + (group - bar * len(series)) / 2
        body.append(
            _text(left + group * (c_index + 0.5), base + 20, str(category), anchor="middle")
        )
        for s_index, (name, vals) in enumerate(series):
            value = vals[c_index]
            bx = start + bar * s_index
            if value is None:
                body.append(_text(bx + bar / 2, base - 6, "—", anchor="middle", fill=MUTED))
                continue
            shown = tick_label(value)
            body.append(
                f'<rect x="{_num(bx)}" y="{_num(y(value))}" width="{_num(bar - 2)}" '
                f'height="{_num(base - y(value))}" fill="{COLOURS[s_index % len(COLOURS)]}">'
                f"<title>{escape(name)} · {escape(category)}: {escape(shown)}</title></rect>"
            )
    body.append(_text((left + right) / 2, base + 46, x_label, anchor="middle"))

    if target is not None:
        ty = y(target)
        body.append(
            f'<line x1="{_num(left)}" y1="{_num(ty)}" x2="{right}" y2="{_num(ty)}" '
            f'stroke="{INK}" stroke-width="2.5" stroke-dasharray="6 4"/>'
        )
    return _svg(chart_id, title, description, height, body)
