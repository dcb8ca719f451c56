"""The world map and the charts as inline SVG, drawn on the server: no script, no tiles, nothing
fetched from anywhere. Every picture has a title and description for assistive technology, and
the page puts the same numbers in a table beside it."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.countries import country_name

from .stats import MAP_STATUSES, NONE_KNOWN, world_shapes


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
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def bar_chart(id_, title, rows):
    """Horizontal bars, one per (label, value): legible on a phone since labels never rotate."""
    width, label_width, bar_height, gap = 600, 240, 26, 8
    largest = max((value for _, value in rows), default=0) or 1
    height = len(rows) * (bar_height + gap) + gap
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
        y = gap + index * (bar_height + gap)
        bar = round((width - label_width - 50) * value / largest)
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                label_width - 8,
                y + bar_height * 0.7,
                label,
                label_width,
                y,
                bar,
                bar_height,
                label_width + bar + 6,
                y + bar_height * 0.7,
                value,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308
    return mark_safe("".join(parts))  # noqa: S308


def adoption_chart(id_, rows):
    """NAPs adopted per year (bars) and the running total (line)."""
    width, height, left, bottom, top = 640, 300, 40, 40, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max((total for _, _, total in rows), default=0) or 1
    step = plot_w / max(len(rows), 1)
    summary = "; ".join(f"{year}: {n} adopted, {total} in all" for year, n, total in rows if n)
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">National action plans adopted '
            'per year, and in all</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            id_,
            id_,
            id_,
            id_,
            summary or "No adoption year is known yet.",
        ),
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<text class="chart-label" x="4" y="{}">{}</text>'
            '<text class="chart-label" x="4" y="{}">0</text>',
            left,
            top + plot_h,
            width - 10,
            top + plot_h,
            top + 10,
            peak,
            top + plot_h,
        ),
    ]
    points = []
    for index, (year, adopted, total) in enumerate(rows):
        x = left + index * step
        bar = plot_h * adopted / peak
        parts.append(
            format_html(
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>',
                f"{x + step * 0.1:.1f}",
                f"{top + plot_h - bar:.1f}",
                f"{step * 0.8:.1f}",
                f"{bar:.1f}",
            )
        )
        points.append(f"{x + step / 2:.1f},{top + plot_h - plot_h * total / peak:.1f}")
        if index % 5 == 0 or index == len(rows) - 1:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x + step / 2:.1f}",
                    top + plot_h + 16,
                    year,
                )
            )
    if points:
        parts.append(
            format_html('<polyline class="line" points="{}"></polyline>', " ".join(points))
        )
    parts.append(
        mark_safe(  # noqa: S308 - a constant
            '<rect class="bar" x="60" y="287" width="12" height="10"></rect>'
            '<text class="chart-label" x="78" y="296">adopted that year</text>'
            '<line class="line" x1="250" y1="292" x2="272" y2="292"></line>'
            '<text class="chart-label" x="278" y="296">in all</text></svg>'
        )
    )
    return mark_safe("".join(parts))  # noqa: S308


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
        f"{row['label']} ({row['n']} plans): "
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
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
