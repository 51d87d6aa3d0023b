"""One scale: generate (cached), extract, then time every engine on the same
data, check every report against ecomflow's to the cent, and tabulate."""
import json
import os
import shutil
import statistics
from dataclasses import dataclass

import datasets
import incremental_run
import postgres_catalog
import report_table
from measure import BenchError, measure, measure_in_turns
from report_check import check_same_report

PYTHON = "/usr/bin/python3"  # Debian's, with python3-pandas; not the first python on PATH


@dataclass
class Tools:
    """Where the programs are and what the ecomflow binary can do."""
    repo: str
    bench_dir: str
    ecomflow: str
    bench_bin: str
    threads: int
    postgres_url: str
    can_generate: bool
    can_run: bool

    def program(self, name):
        return os.path.join(self.bench_bin, name)

    def anchor(self, name):
        return os.path.join(self.bench_dir, "anchors", name)


def _fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def _ecomflow_run(tools, dataset, database_url, reports, *flags):
    return [tools.ecomflow, "run", "--events", dataset.events_dir, "--db", database_url, "--reports", reports,
            "--threads", str(tools.threads), "--no-progress", *flags]


def _measure_ecomflow(tools, scale, dataset, scratch, measurements, reports):
    """The report-only run without analytics (exactly the anchors' work), the
    same with every analytics metric, chart and the HTML page (the cost of
    the analytics), and the full runs that also load the warehouse, each from
    a fresh copy of the catalog database. The two report-only runs take
    turns, so that their ratio does not follow the machine's drift."""
    variants = [("ecomflow", "ecomflow run --report-only --full-refresh --no-analytics", "sqlite",
                 ["--report-only", "--full-refresh", "--no-analytics"]),
                ("ecomflow_analytics", "ecomflow run --report-only --full-refresh (+ analytics)", "sqlite",
                 ["--report-only", "--full-refresh"]),
                ("ecomflow_sqlite", "ecomflow run (+ SQLite warehouse)", "sqlite", [])]
    if tools.postgres_url:
        variants.append(("ecomflow_postgres", "ecomflow run (+ PostgreSQL warehouse)", "postgresql", []))
    runs = []  # (key, label, reports directory, (argv, prepare, label))
    for key, label, backend, flags in variants:
        out = os.path.join(scratch, key)
        database = os.path.join(scratch, f"{key}.db")
        url = tools.postgres_url if backend == "postgresql" else f"sqlite:{database}"

        def prepare(out=out, database=database, backend=backend):
            _fresh_dir(out)
            if backend == "postgresql":
                postgres_catalog.reset_catalog(tools.postgres_url, tools.repo, dataset.catalog_dir)
            else:
                for stale in (database, database + "-wal", database + "-shm"):
                    if os.path.exists(stale):
                        os.remove(stale)
                shutil.copyfile(dataset.catalog_db, database)

        runs.append((key, label, out, (_ecomflow_run(tools, dataset, url, out, *flags), prepare, label)))
    # The two report-only runs take turns; the warehouse runs go one after the other.
    for group in (runs[:2], *([run] for run in runs[2:])):
        timed = measure_in_turns([command for _, _, _, command in group], scale.fast_runs)
        for (key, label, _, _), measurement in zip(group, timed):
            measurements[key] = (label, measurement)
    for key, label, out, _ in runs:
        reports[key] = os.path.join(out, "sales_report.csv")
        if not os.path.exists(reports[key]):
            raise BenchError(f"{label} wrote no {reports[key]}")


def _measure_anchors(tools, scale, dataset, scratch, measurements, reports):
    anchors = []
    if scale.pandas_runs:
        anchors.append(("pandas", "pandas (zipfile + json + DataFrame)", scale.pandas_runs,
                        [PYTHON, tools.anchor("pandas_report.py"), dataset.events_dir, dataset.catalog_db]))
    anchors += [
        ("duckdb", "DuckDB SQL on extracted .json", scale.anchor_runs,
         ["node", tools.anchor("duckdb_report.js"), dataset.extracted_dir, dataset.catalog_dir]),
        ("polars", "Polars on extracted .json", scale.anchor_runs,
         ["node", tools.anchor("polars_report.js"), dataset.extracted_dir, dataset.catalog_dir]),
    ]
    for key, label, runs, command in anchors:
        report = os.path.join(scratch, f"{key}_sales_report.csv")
        measurements[key] = (label, measure(command + [report], runs, label=label))
        reports[key] = report


def _measure_limits(tools, scale, dataset, measurements):
    """Single-core speed limits; returns the byte and event counts."""
    extract = measure([tools.program("bench_inflate_limit"), "libdeflate", dataset.events_dir,
                       "--extract", dataset.extracted_dir], min(3, scale.fast_runs),
                      prepare=lambda: shutil.rmtree(dataset.extracted_dir, ignore_errors=True),
                      label="extract")
    sizes = json.loads(extract.stdout)
    parse = measure([tools.program("bench_parse_limit"), dataset.extracted_dir], scale.fast_runs, label="parse")
    events = json.loads(parse.stdout)["events"]
    measurements["zlib_inflate"] = ("limit: inflate only, zlib, 1 core",
                                    measure([tools.program("bench_inflate_limit"), "zlib", dataset.events_dir],
                                            scale.fast_runs, label="zlib"))
    measurements["libdeflate_inflate"] = ("limit: inflate only, libdeflate, 1 core",
                                          measure([tools.program("bench_inflate_limit"), "libdeflate",
                                                   dataset.events_dir], scale.fast_runs, label="libdeflate"))
    measurements["simdjson_parse"] = ("limit: simdjson DOM parse only, 1 core", parse)
    measurements["extract"] = ("extract to .json for DuckDB/Polars (libdeflate)", extract)
    return sizes, events


ORDER = ["ecomflow", "ecomflow_analytics", "ecomflow_sqlite", "ecomflow_postgres", "pandas", "duckdb", "polars",
         "extract", "zlib_inflate", "libdeflate_inflate", "simdjson_parse"]


def run_scale(scale, tools):
    if not tools.can_generate and not os.environ.get(f"BENCH_DATA_{scale.name.upper()}"):
        raise BenchError(f"{tools.ecomflow} cannot `generate` and BENCH_DATA_{scale.name.upper()} is unset")
    dataset = datasets.prepare_dataset(scale, tools.ecomflow, os.path.join(tools.bench_dir, ".cache"))
    scratch = os.path.join(dataset.root, "scratch")
    _fresh_dir(scratch)
    measurements, reports = {}, {}
    sizes, events = _measure_limits(tools, scale, dataset, measurements)
    if tools.can_run:
        _measure_ecomflow(tools, scale, dataset, scratch, measurements, reports)
    _measure_anchors(tools, scale, dataset, scratch, measurements, reports)

    reference = "ecomflow" if tools.can_run else ("pandas" if "pandas" in reports else "duckdb")
    for key, path in reports.items():
        if key != reference:
            check_same_report(reports[reference], measurements[reference][0], path, measurements[key][0])
    ordered = {key: measurements[key] for key in ORDER if key in measurements}
    rows = report_table.build_rows(ordered, events, reference)
    title = (f"{scale.name}: {events:,} events in {sizes['parts']:,} part files, {scale.json_format}; "
             f"{sizes['compressed_bytes'] / 1e6:.1f} MB zipped, {sizes['inflated_bytes'] / 1e6:.1f} MB of JSON; "
             f"{tools.threads} threads for ecomflow; every report identical to {reference}'s")
    table = report_table.format_table(title, rows, reference)
    notes = []
    if "ecomflow" in ordered and "zlib_inflate" in ordered:
        share = ordered["ecomflow"][1].median_seconds / ordered["zlib_inflate"][1].median_seconds
        notes.append(f"ecomflow's whole report takes {share:.2f}x the time one core needs just to inflate "
                     f"the archives with zlib")
    if "ecomflow" in ordered and "ecomflow_analytics" in ordered:
        # Runs i of the two took turns in one round: the ratio of each pair
        # compares them under the same conditions.
        pairs = list(zip(ordered["ecomflow_analytics"][1].seconds, ordered["ecomflow"][1].seconds))
        cost = statistics.median(analytics / alone for analytics, alone in pairs) - 1
        notes.append(f"the analytics (funnel, sessions, trends, products, customers, charts, HTML) cost "
                     f"{cost * 100:+.0f}% wall time over the sales report alone, the median of {len(pairs)} "
                     f"runs of each taking turns (target: at most +30%)")
    if "duckdb" in ordered:
        total = ordered["duckdb"][1].median_seconds + ordered["extract"][1].median_seconds
        notes.append(f"DuckDB including the extraction it needs: {total:.3f} s")
    if notes:
        table += "\n" + "\n".join(notes)
    incremental = None
    if tools.can_run and os.environ.get("BENCH_INCREMENTAL", "1") == "1":
        incremental = incremental_run.run(tools, scale, dataset, scratch)
        table += "\n\n" + incremental["table"]
    return {"scale": scale.name, "weeks": scale.weeks, "events_per_part": scale.events_per_part,
            "format": scale.json_format, "events": events, "parts": sizes["parts"],
            "compressed_bytes": sizes["compressed_bytes"], "json_bytes": sizes["inflated_bytes"],
            "generate_seconds": round(dataset.generate_seconds, 3) or None, "reference": reference,
            "rows": rows, "incremental": incremental, "table": table}
