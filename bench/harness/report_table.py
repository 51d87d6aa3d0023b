"""The result table of one scale, as text for people and as a dict for JSON."""


def _ratio(value, base):
    return value / base if base else None


def _round(value):
    return None if value is None else round(value, 3)


def build_rows(measurements, events, reference_key, zlib_key="zlib_inflate"):
    """Rows in measurement order; ratios are against `reference_key`."""
    reference = measurements.get(reference_key)
    zlib = measurements.get(zlib_key)
    rows = []
    for key, (label, measurement) in measurements.items():
        seconds = measurement.median_seconds
        rows.append({
            "key": key,
            "label": label,
            "runs": len(measurement.seconds),
            "seconds": round(seconds, 4),
            "samples": [round(sample, 4) for sample in measurement.seconds],
            "events_per_second": round(events / seconds) if seconds else None,
            "peak_rss_mb": round(measurement.peak_rss_mb, 1),
            "vs_reference": _round(_ratio(seconds, reference[1].median_seconds)) if reference else None,
            "vs_zlib_inflate": _round(_ratio(seconds, zlib[1].median_seconds)) if zlib else None,
        })
    return rows


def _events_rate(value):
    if value is None:
        return "-"
    return f"{value / 1e6:.2f} M/s" if value >= 1e6 else f"{value / 1e3:.0f} k/s"


def _times(value):
    return "-" if value is None else f"{value:.2f}x"


def format_table(title, rows, reference_label):
    header = ("what", "wall s", "runs", "events/s", "peak RSS", f"x {reference_label}", "x zlib 1-core")
    lines = [[row["label"], f"{row['seconds']:.3f}", str(row["runs"]), _events_rate(row["events_per_second"]),
              f"{row['peak_rss_mb']:.0f} MB", _times(row["vs_reference"]), _times(row["vs_zlib_inflate"])]
             for row in rows]
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(len(header))]

    def render(cells):
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:])]
        return "  ".join([first, *rest])

    rule = "-" * len(render(header))
    return "\n".join([title, rule, render(header), rule, *(render(line) for line in lines), rule])
