"""The daily run: one new day onto a warehouse already holding the scale's
whole history, against a fresh run over that day alone, on SQLite and (when
a server is given) PostgreSQL. The goal is that the incremental run costs
what is new: at most 2x the fresh run over the day. Its sales report must
equal a report-only pass over the history and the day together."""
import datetime
import io
import json
import os
import shutil
import subprocess
import zipfile

import postgres_catalog
from measure import BenchError, measure_in_turns, run_once
from report_check import check_same_report

GOAL = 2.0


def _fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _history_end(events_dir):
    """The first day after the history's last event. generate's clock runs on
    from one day file to the next (a day of 5000 events at 1-60 s apart spans
    about 1.7 days), so the events of 52 weekly archives end months after the
    52nd week: a day dated after the last archive would land inside the
    history, a late day, which the checkpoint cannot extend."""
    last_week = max(name for name in os.listdir(events_dir) if name.endswith(".zip"))
    latest = ""
    with zipfile.ZipFile(os.path.join(events_dir, last_week)) as weekly:
        last_day = max(name for name in weekly.namelist() if name.endswith(".zip"))
        with zipfile.ZipFile(io.BytesIO(weekly.read(last_day))) as daily:
            for part in daily.namelist():
                latest = max([latest] + [event["timestamp"] for event in json.loads(daily.read(part))])
    return datetime.date.fromisoformat(latest[:10]) + datetime.timedelta(days=1)


def _new_day(tools, scale, dataset):
    """A daily archive (events_<date>.zip) of the day after the history, made
    once with the scale's flags and kept beside the data."""
    root = os.path.join(dataset.root, "next-day")
    day = _history_end(dataset.events_dir)
    path = os.path.join(root, f"events_{day.isoformat()}.zip")
    if os.path.exists(path):
        return path
    _fresh_dir(root)
    week = os.path.join(root, "week")
    command = [tools.ecomflow, "generate", "--weeks", "1", "--start-date", day.isoformat(),
               "--events-per-part", str(scale.events_per_part), "--parts-per-day", "5", "--seed", "1",
               "--compression-level", "6", "--out", week, "--db", f"sqlite:{os.path.join(root, 'scratch.db')}",
               "--catalog-out", os.path.join(root, "catalog"), "--force"]
    if scale.compact:
        command.append("--compact")
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BenchError(f"generating the new day failed: {done.stderr.strip()[-1500:]}")
    archive = os.path.join(week, os.listdir(week)[0])
    with zipfile.ZipFile(archive) as weekly:
        with open(path, "wb") as out:
            out.write(weekly.read(f"events_{day.isoformat()}.zip"))
    return path


def _run(tools, events, database_url, reports, *flags):
    return [tools.ecomflow, "run", "--events", events, "--db", database_url, "--reports", reports,
            "--threads", str(tools.threads), "--no-progress", *flags]


def _copy_sqlite(source, target):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
        if os.path.exists(source + suffix):
            shutil.copyfile(source + suffix, target + suffix)


def run(tools, scale, dataset, scratch):
    root = os.path.join(scratch, "incremental")
    _fresh_dir(root)
    day = _new_day(tools, scale, dataset)
    day_dir, all_dir = os.path.join(root, "day"), os.path.join(root, "all")
    for directory in (day_dir, all_dir):
        os.makedirs(directory)
        _link_or_copy(day, os.path.join(directory, os.path.basename(day)))
    for name in os.listdir(dataset.events_dir):
        _link_or_copy(os.path.join(dataset.events_dir, name), os.path.join(all_dir, name))
    # The reference: one report-only pass over the history and the day.
    reference = os.path.join(root, "reference")
    run_once(_run(tools, all_dir, f"sqlite:{dataset.catalog_db}", reference, "--report-only", "--full-refresh",
                  "--no-analytics"))
    reference_report = os.path.join(reference, "sales_report.csv")

    backends = [("SQLite", None)] + ([("PostgreSQL", tools.postgres_url)] if tools.postgres_url else [])
    runs = scale.fast_runs
    rows = []
    for backend, url in backends:
        key = backend.lower()
        history_db = os.path.join(root, f"history-{key}.db")
        if url is None:
            # The history is loaded once; each timed run starts from a copy of it.
            shutil.copyfile(dataset.catalog_db, history_db)
            print(f"    loading {scale.weeks} weeks into SQLite (untimed)", flush=True)
            run_once(_run(tools, dataset.events_dir, f"sqlite:{history_db}", os.path.join(root, "history")))
            incremental_db, fresh_db = os.path.join(root, "incremental.db"), os.path.join(root, "fresh.db")

            def prepare_incremental():
                _copy_sqlite(history_db, incremental_db)

            def prepare_fresh():
                _copy_sqlite(dataset.catalog_db, fresh_db)

            incremental_url, fresh_url = f"sqlite:{incremental_db}", f"sqlite:{fresh_db}"
        else:
            # A server database cannot be copied cheaply: the history is
            # loaded again (untimed) before each incremental run.
            def prepare_incremental(url=url):
                postgres_catalog.reset_catalog(url, tools.repo, dataset.catalog_dir)
                run_once(_run(tools, dataset.events_dir, url, os.path.join(root, "history")))

            def prepare_fresh(url=url):
                postgres_catalog.reset_catalog(url, tools.repo, dataset.catalog_dir)

            incremental_url = fresh_url = url
            runs = min(runs, 3)
        incremental_out, fresh_out = os.path.join(root, f"inc-{key}"), os.path.join(root, f"day-{key}")
        incremental, fresh = measure_in_turns(
            [(_run(tools, all_dir, incremental_url, incremental_out), prepare_incremental,
              f"incremental day ({backend})"),
             (_run(tools, day_dir, fresh_url, fresh_out), prepare_fresh, f"fresh day ({backend})")], runs)
        check_same_report(reference_report, "report-only over history + day",
                          os.path.join(incremental_out, "sales_report.csv"), f"incremental run ({backend})")
        rows.append({"backend": backend, "runs": runs,
                     "incremental_seconds": round(incremental.median_seconds, 4),
                     "fresh_day_seconds": round(fresh.median_seconds, 4),
                     "incremental_samples": [round(value, 4) for value in incremental.seconds],
                     "fresh_day_samples": [round(value, 4) for value in fresh.seconds],
                     "ratio": round(incremental.median_seconds / fresh.median_seconds, 2)})
    lines = [f"{scale.name}: one new day ({os.path.basename(day)}) onto {scale.weeks} weeks of history "
             f"(goal: the incremental run at most {GOAL:.0f}x a fresh run over the day alone)"]
    header = ("backend", "fresh day s", "incremental s", "runs", "x fresh day")
    cells = [(row["backend"], f"{row['fresh_day_seconds']:.3f}", f"{row['incremental_seconds']:.3f}",
              str(row["runs"]), f"{row['ratio']:.2f}x") for row in rows]
    widths = [max(len(header[i]), *(len(line[i]) for line in cells)) for i in range(len(header))]
    for line in (header, *cells):
        lines.append("  ".join([line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:], widths[1:])]))
    return {"rows": rows, "table": "\n".join(lines)}
