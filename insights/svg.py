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
