"""Warehouse load into PostgreSQL, in rows per second: the same fact rows
loaded by ecomflow's store library (Database::bulk_insert, COPY), by
`psql \\copy` from the CSV, and by pandas' DataFrame.to_sql. Each load goes
into a freshly created empty table in one transaction."""
import json
import os
import random
import statistics
import time

import postgres_catalog
from measure import measure

TABLE = "bench_fact_sales"
COLUMNS = "event_time,customer_id,product_id,quantity,revenue"
DDL = (f"DROP TABLE IF EXISTS {TABLE}; CREATE TABLE {TABLE} (event_time TIMESTAMP NOT NULL, "
       "customer_id TEXT NOT NULL, product_id TEXT NOT NULL, quantity INTEGER NOT NULL, "
       "revenue NUMERIC(12,2) NOT NULL)")


def write_rows(path, count):
    """Purchases shaped like seed 001's, deterministic."""
    rng = random.Random(7)
    start = time.mktime((2023, 10, 23, 0, 0, 0, 0, 0, 0))
    with open(path, "w") as stream:
        stream.write(COLUMNS + "\n")
        for index in range(count):
            moment = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(start + index * 7))
            quantity = rng.randint(1, 3)
            cents = quantity * rng.randint(1000, 50000)
            stream.write(f"{moment},c{rng.randint(1, 100):03d},p{rng.randint(1, 50):03d},{quantity},"
                         f"{cents // 100}.{cents % 100:02d}\n")


def run(tools):
    rows = int(os.environ.get("BENCH_LOAD_ROWS", "500000"))
    runs = int(os.environ.get("BENCH_LOAD_RUNS", "3"))
    work = os.path.join(tools.bench_dir, ".cache", "load")
    os.makedirs(work, exist_ok=True)
    rows_csv = os.path.join(work, f"fact_rows_{rows}.csv")
    if not os.path.exists(rows_csv):
        write_rows(rows_csv + ".tmp", rows)
        os.replace(rows_csv + ".tmp", rows_csv)
    url = tools.postgres_url

    def fresh_table():
        postgres_catalog.psql(url, "-c", DDL)

    def count_rows():
        return int(postgres_catalog.psql(url, "-At", "-c", f"SELECT count(*) FROM {TABLE}").strip())

    loaders = [
        ("ecomflow Database::bulk_insert (COPY)", [os.path.join(tools.bench_bin, "bench_load"), url, TABLE, rows_csv],
         runs, True),
        ("psql \\copy from CSV", ["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                  f"\\copy {TABLE}({COLUMNS}) FROM '{rows_csv}' CSV HEADER"], runs, False),
        ("pandas DataFrame.to_sql", ["/usr/bin/python3", os.path.join(tools.bench_dir, "anchors", "pandas_load.py"),
                                     url, TABLE, rows_csv], 1, True),
    ]
    results = []
    for label, command, count, reports_time in loaders:
        seconds = []
        peak = 0
        for attempt in range(count):
            measurement = measure(command, 1, prepare=fresh_table, label=label)
            loaded = count_rows()
            if loaded != rows:
                raise RuntimeError(f"{label} loaded {loaded} rows, expected {rows}")
            # The programs time the load alone; psql's whole run is its load.
            seconds.append(json.loads(measurement.stdout)["seconds"] if reports_time else measurement.seconds[0])
            peak = max(peak, measurement.peak_rss_mb)
        median = statistics.median(seconds)
        results.append({"label": label, "runs": count, "seconds": round(median, 4),
                        "rows_per_second": round(rows / median), "peak_rss_mb": round(peak, 1)})
    base = results[0]["seconds"]
    for result in results:
        result["vs_ecomflow"] = round(result["seconds"] / base, 3)
    width = max(len(result["label"]) for result in results)
    lines = [f"warehouse load: {rows:,} fact rows into an empty PostgreSQL table, one transaction",
             f"{'what'.ljust(width)}  {'load s':>8}  {'runs':>4}  {'rows/s':>10}  {'peak RSS':>8}  {'x ecomflow':>10}"]
    for result in results:
        lines.append(f"{result['label'].ljust(width)}  {result['seconds']:8.3f}  {result['runs']:4d}  "
                     f"{result['rows_per_second'] / 1e3:8.0f} k  {result['peak_rss_mb']:5.0f} MB  "
                     f"{result['vs_ecomflow']:9.2f}x")
    return {"rows": rows, "results": results, "table": "\n".join(lines)}
