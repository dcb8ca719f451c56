"""The world map and the charts as inline SVG, drawn on the server: no script, no tiles, nothing
fetched from anywhere. Every picture has a title and description for assistive technology, and
the page puts the same numbers in a table beside it."""

import re

from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.countries import country_name

from .stats import MAP_STATUSES, NONE_KNOWN, PRACTICE_CLASSES, practice_class, world_shapes

TEXT_TAG = re.compile(r"<text\b[^>]*>")
ANCHOR = re.compile(r'\s*text-anchor="(\w+)"')
FLIPPED_ANCHOR = {"start": "end", "end": "start", "middle": "middle"}


def directed(markup):
    """The charts' labels in a right-to-left language: each ``<text>`` reads right to left, and
    its anchor is swapped (an rtl text's start is its right end), so that every label keeps its
    place: the drawing itself, its axes and bars, does not mirror."""
    if not translation.get_language_bidi():
        return markup

    def rtl(match):
        tag = match.group(0)
        found = ANCHOR.search(tag)
        anchor = FLIPPED_ANCHOR.get(found.group(1) if found else "start", "end")
        tag = ANCHOR.sub("", tag)
        return f'{tag[:-1]} direction="rtl" text-anchor="{anchor}">'

    return TEXT_TAG.sub(rtl, markup)


# Chart text, in the charts' user units. The adoption charts are drawn CHART_WIDTH units wide so
# that, shown across a 390 px phone (about 358 px inside the page's margins), their text is
# CHART_FONT x 358 / CHART_WIDTH >= 12 px.
CHART_WIDTH = 360
CHART_FONT = 13


def world_map(rows, id_prefix="map"):
    """A country shape per country, shaded by NAP status; each one links to its profile."""
    data = world_shapes()
    by_code = {row["code"]: row for row in rows}
    labels = dict(MAP_STATUSES)
    parts = [
        format_html(
            '<svg class="world-map" viewBox="0 0 {} {}" role="group" aria-labelledby="{}-title '
            '{}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">World map of National Action Plans</title>'
            '<desc id="{}-desc">Countries shaded by the status of their national action plan '
            "(active, in development, expired, period unknown, none known). Each country links to "
            "its profile. The table that follows gives the same numbers.</desc>",
            data["width"],
            data["height"],
            id_prefix,
            id_prefix,
            id_prefix,
            id_prefix,
        )
    ]
    for code, path in data["shapes"].items():
        row = by_code.get(code)
        status = row["status"] if row else NONE_KNOWN
        name = country_name(code)
        label = f"{name}: {labels[status]}"
        if row:
            label += f", {row['practices']} practice{'s' if row['practices'] != 1 else ''}"
        parts.append(
            format_html(
                '<a href="{}" aria-label="{}"><path class="c-{}" data-country="{}" d="{}">'
                "<title>{}</title></path></a>",
                reverse("country_profile", args=[code]),
                label,
                status,
                code,
                path,
                label,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe(directed("".join(parts)))  # noqa: S308 - every part is escaped by format_html


def practices_word(count):
    return (
        f"{count} published practice{'s' if count != 1 else ''}"
        if count
        else "no published practice"
    )


def practice_map(rows, listing_url=None, id_prefix="practice-map"):
    """A country shape per country, shaded by its number of published practices. A country with
    practices links to the practice listing filtered by it; one without, to its profile."""
    data = world_shapes()
    counts = {row["code"]: row["practices"] for row in rows}
    ranges = ", ".join(str(label) for _, _, _, label in PRACTICE_CLASSES)
    parts = [
        format_html(
            '<svg class="world-map practice-map" viewBox="0 0 {} {}" role="group" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">World map of published good practices</title>'
            '<desc id="{}-desc">Countries shaded by their number of published practices ({}). '
            "A country with practices links to them; one without, to its profile. The list that "
            "follows names every country with practices.</desc>",
            data["width"],
            data["height"],
            id_prefix,
            id_prefix,
            id_prefix,
            id_prefix,
            ranges.lower(),
        )
    ]
    for code, path in data["shapes"].items():
        count = counts.get(code, 0)
        label = f"{country_name(code)}: {practices_word(count)}"
        if count and listing_url:
            href = f"{listing_url}?country={code}"
        else:
            href = reverse("country_profile", args=[code])
        parts.append(
            format_html(
                '<a href="{}" aria-label="{}"><path class="{}" data-country="{}" '
                'data-practices="{}" d="{}"><title>{}</title></path></a>',
                href,
                label,
                practice_class(count),
                code,
                count,
                path,
                label,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe(directed("".join(parts)))  # noqa: S308 - every part is escaped by format_html


def bar_chart(id_, title, rows):
    """Horizontal bars, one per (label, value), each label written above its bar: legible on a
    phone since labels never rotate nor crowd, and drawn as narrow as the adoption charts so that
    its text is as large."""
    width, bar_height, row_height = CHART_WIDTH, 16, 44
    largest = max((value for _, value in rows), default=0) or 1
    height = len(rows) * row_height + 4
    summary = "; ".join(f"{label}: {value}" for label, value in rows)
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
            '<desc id="{}-desc">{}</desc>',
            width,
            height,
            id_,
            id_,
            id_,
            title,
            id_,
            summary,
        )
    ]
    for index, (label, value) in enumerate(rows):
        y = 4 + index * row_height
        bar = round((width - 48) * value / largest)
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-text" font-size="{}">{}</text>'
                '<rect class="bar" x="0" y="{}" width="{}" height="{}"></rect>'
                '<text x="{}" y="{}" class="chart-text" font-size="{}">{}</text>',
                y + CHART_FONT,
                CHART_FONT,
                label,
                y + CHART_FONT + 5,
                bar,
                bar_height,
                bar + 6,
                y + CHART_FONT + 5 + bar_height - 3,
                CHART_FONT,
                value,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return mark_safe(directed("".join(parts)))  # noqa: S308


def nice_ticks(peak, most=4):
    """0 and round steps up to at least ``peak``, at most ``most`` steps: the axis labels."""
    peak = max(int(peak), 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= most:
            break
    top = -(-peak // step) * step
    return list(range(0, top + 1, step))


def year_label_every(count, step):
    """Every how many years a year is written under the axis, so that labels never overlap."""
    for every in (1, 2, 5, 10, 20, 25, 50, 100):
        if step * every >= CHART_FONT * 3.4:
            return every
    return max(count, 1)


def _year_chart(id_, title, summary, rows, value, draw):
    """The frame both adoption charts share: a y axis with round steps, one slot per year and
    the years written under it. ``draw(slots, y_of)`` gives the marks."""
    width, height = CHART_WIDTH, 210
    left, right, top, bottom = 34, 10, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max((value(row) for row in rows), default=0))
    top_value = ticks[-1]
    step = plot_w / max(len(rows), 1)

    def y_of(amount):
        return top + plot_h - plot_h * amount / top_value

    parts = [
        format_html(
            '<svg class="chart year-chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            id_,
            id_,
            id_,
            title,
            id_,
            summary,
        )
    ]
    for tick in ticks:
        parts.append(
            format_html(
                '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                '<text class="chart-text" x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>',
                left,
                f"{y_of(tick):.1f}",
                width - right,
                f"{y_of(tick):.1f}",
                left - 5,
                f"{y_of(tick) + CHART_FONT * 0.35:.1f}",
                CHART_FONT,
                tick,
            )
        )
    slots = [(left + index * step, step, row) for index, row in enumerate(rows)]
    parts.extend(draw(slots, y_of))
    every = year_label_every(len(rows), step)
    for x, _, row in slots:
        if row[0] % every == 0:
            parts.append(
                format_html(
                    '<text class="chart-text" x="{}" y="{}" font-size="{}" '
                    'text-anchor="middle">{}</text>',
                    f"{x + step / 2:.1f}",
                    height - 8,
                    CHART_FONT,
                    row[0],
                )
            )
    parts.append(
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line></svg>',
            left,
            top + plot_h,
            width - right,
            top + plot_h,
        )
    )
    return mark_safe(directed("".join(parts)))  # noqa: S308 - every part is escaped by format_html


def adoption_bars(id_, rows):
    """New national action plans per year, as bars on their own scale."""
    summary = "; ".join(f"{year}: {n}" for year, n, _ in rows if n)

    def draw(slots, y_of):
        for x, step, (year, adopted, _) in slots:
            if adopted:
                yield format_html(
                    '<rect class="bar-year" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {} adopted</title></rect>",
                    f"{x + step * 0.12:.1f}",
                    f"{y_of(adopted):.1f}",
                    f"{step * 0.76:.1f}",
                    f"{y_of(0) - y_of(adopted):.1f}",
                    year,
                    adopted,
                )

    return _year_chart(
        id_,
        gettext("New national action plans per year"),
        gettext("Plans adopted each year: %(summary)s.") % {"summary": summary}
        if summary
        else gettext("No adoption year is known yet."),
        rows,
        lambda row: row[1],
        draw,
    )


def adoption_total(id_, rows):
    """National action plans adopted up to each year, as a line on its own scale."""
    summary = (
        gettext("From %(first)s in %(first_year)s to %(last)s in %(last_year)s.")
        % {
            "first": rows[0][2],
            "first_year": rows[0][0],
            "last": rows[-1][2],
            "last_year": rows[-1][0],
        }
        if rows
        else gettext("No adoption year is known yet.")
    )

    def draw(slots, y_of):
        points = " ".join(
            f"{x + step / 2:.1f},{y_of(total):.1f}" for x, step, (_, _, total) in slots
        )
        if points:
            yield format_html('<polyline class="line-total" points="{}"></polyline>', points)

    return _year_chart(
        id_,
        gettext("National action plans adopted in all, year by year"),
        summary,
        rows,
        lambda row: row[2],
        draw,
    )


# Fills of the stacked bars: a colour and a pattern per category, so that colour is never the
# only signal; "unknown" is always light grey with dots.
STACK_FILLS = [
    ("#1b6b4a", None),
    ("#8a4a12", "hatch"),
    ("#2f4f8a", "cross"),
    ("#6a2c6a", "lines"),
    ("#4d4d4d", "hatch"),
]
UNKNOWN_FILL = ("#e0e0e0", "dots")
PATTERN_MARKS = {
    "hatch": '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#fff" stroke-width="1.5" '
    'stroke-opacity=".45"></path>',
    "cross": '<path d="M0,4 h8 M4,0 v8" stroke="#fff" stroke-width="1.2" '
    'stroke-opacity=".4"></path>',
    "lines": '<path d="M0,2 h8 M0,6 h8" stroke="#fff" stroke-width="1.2" '
    'stroke-opacity=".4"></path>',
    "dots": '<circle cx="4" cy="4" r="1.3" fill="#777"></circle>',
}


def _stack_fill(code, index):
    return UNKNOWN_FILL if code == "unknown" else STACK_FILLS[index % len(STACK_FILLS)]


def stacked_bar_chart(id_, title, categories, rows):
    """One 100% bar per row, split by category, each part labelled with its share.

    `categories` is [(code, label)]; each row is {"label", "n", "cells": [{"category",
    "count", "share"}]} in the order of `categories`. Narrow (360 units) with labels above the
    bars, so that its text stays at least 12 px on a 390 px phone."""
    width, left, bar_w, bar_h = 360, 4, 352, 22
    legend_h = len(categories) * 20 + 6
    row_h = 18 + bar_h + 10
    height = legend_h + len(rows) * row_h + 4
    summary = "; ".join(
        ngettext("%(group)s (%(n)s plan): ", "%(group)s (%(n)s plans): ", row["n"])
        % {"group": row["label"], "n": row["n"]}
        + ", ".join(
            f"{name} {cell['count']}"
            for (_, name), cell in zip(categories, row["cells"], strict=True)
        )
        for row in rows
    )
    parts = [
        format_html(
            '<svg class="chart stacked-chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc><defs>',
            width,
            height,
            id_,
            id_,
            id_,
            title,
            id_,
            summary,
        )
    ]
    for index, (code, _) in enumerate(categories):
        colour, pattern = _stack_fill(code, index)
        parts.append(
            format_html(
                '<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse">'
                '<rect width="8" height="8" fill="{}"></rect>{}</pattern>',
                id_,
                index,
                colour,
                mark_safe(PATTERN_MARKS.get(pattern, "")),  # noqa: S308 - constants
            )
        )
    parts.append(mark_safe("</defs>"))  # noqa: S308
    for index, (_, name) in enumerate(categories):
        y = 4 + index * 20
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="14" fill="url(#{}-p{})" stroke="#333">'
                '</rect><text class="chart-key" x="{}" y="{}">{}</text>',
                left,
                y,
                id_,
                index,
                left + 22,
                y + 12,
                name,
            )
        )
    for row_index, row in enumerate(rows):
        top = legend_h + row_index * row_h
        parts.append(
            format_html(
                '<text class="chart-key" x="{}" y="{}">{} ({} plan{})</text>',
                left,
                top + 14,
                row["label"],
                row["n"],
                "" if row["n"] == 1 else "s",
            )
        )
        y, x = top + 18, float(left)
        if not row["n"]:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#777"></rect>'
                    '<text class="chart-key" x="{}" y="{}">no plan</text>',
                    left,
                    y,
                    bar_w,
                    bar_h,
                    left + 6,
                    y + 16,
                )
            )
            continue
        for index, cell in enumerate(row["cells"]):
            if not cell["count"]:
                continue
            part = bar_w * cell["count"] / row["n"]
            code = categories[index][0]
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})" '
                    'stroke="#fff"><title>{}: {} of {}</title></rect>',
                    f"{x:.1f}",
                    y,
                    f"{part:.1f}",
                    bar_h,
                    id_,
                    index,
                    categories[index][1],
                    cell["count"],
                    row["n"],
                )
            )
            if part >= 34:
                parts.append(
                    format_html(
                        '<text class="chart-share{}" x="{}" y="{}" text-anchor="middle">{}%</text>',
                        " on-light" if code == "unknown" else "",
                        f"{x + part / 2:.1f}",
                        y + 16,
                        cell["share"],
                    )
                )
            x += part
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return mark_safe(directed("".join(parts)))  # noqa: S308 - every part is escaped by format_html
