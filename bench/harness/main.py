#!/usr/bin/python3
"""`make bench`: ecomflow against pandas, DuckDB, Polars and the raw speed
limits on the same seed-001 data, side by side, as ratios.

Environment: ECOMFLOW (binary, default build/ecomflow), BENCH_BIN (speed-limit
programs, default next to it in bench/), BENCH_SCALES (default small,medium;
add large), BENCH_THREADS (default: all cores), ECOMFLOW_TEST_PG_URL (adds
the PostgreSQL rows), BENCH_DATA_<SCALE> (use existing data), BENCH_REGENERATE=1,
BENCH_BASELINE=1 (also write bench/results/baseline.json), BENCH_MICRO=0 (skip
the micro-benchmarks), BENCH_INCREMENTAL=0 (skip the one-new-day rows), BENCH_LOAD_ROWS / BENCH_LOAD_RUNS (load benchmark size).
"""
import datetime
import json
import os
import platform
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import datasets  # noqa: E402
import micro
import scale_run
import stream_bench
import warehouse_load
from measure import BenchError

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(BENCH_DIR)


def command_works(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


def package_version(path):
    try:
        with open(path) as stream:
            return json.load(stream)["version"]
    except OSError:
        return None


def versions(ecomflow):
    def output(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.strip() or None
        except OSError:
            return None

    modules = os.path.join(BENCH_DIR, "node_modules")
    return {
        "ecomflow": output([ecomflow, "--version"]),
        "pandas": output(["/usr/bin/python3", "-c", "import pandas; print(pandas.__version__)"]),
        "duckdb": package_version(os.path.join(modules, "@duckdb", "node-api", "package.json")),
        "polars": package_version(os.path.join(modules, "nodejs-polars", "package.json")),
        "node": output(["node", "--version"]),
        "debian": output(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "libsimdjson-dev", "libdeflate-dev",
                          "zlib1g-dev", "libzip-dev"]),
    }


def machine():
    model = None
    try:
        with open("/proc/cpuinfo") as stream:
            model = next((line.split(":", 1)[1].strip() for line in stream if line.startswith("model name")), None)
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "kernel": platform.release()}


def git_commit():
    done = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True, text=True)
    return done.stdout.strip() or None


def main():
    ecomflow = os.path.abspath(os.environ.get("ECOMFLOW", os.path.join(REPO, "build", "ecomflow")))
    tools = scale_run.Tools(
        repo=REPO, bench_dir=BENCH_DIR, ecomflow=ecomflow,
        bench_bin=os.path.abspath(os.environ.get("BENCH_BIN", os.path.join(os.path.dirname(ecomflow), "bench"))),
        threads=int(os.environ.get("BENCH_THREADS", os.cpu_count())),
        postgres_url=os.environ.get("ECOMFLOW_TEST_PG_URL"),
        can_generate=command_works([ecomflow, "generate", "--help"]),
        can_run=command_works([ecomflow, "run", "--help"]))
    for program in ("bench_inflate_limit", "bench_parse_limit"):
        if not os.access(os.path.join(tools.bench_bin, program), os.X_OK):
            raise BenchError(f"{program} not found in {tools.bench_bin}: build the bench targets first")
    if not tools.can_run:
        print(f"note: {ecomflow} has no working `run`: the anchors are checked against pandas instead", flush=True)
    names = [name.strip() for name in os.environ.get("BENCH_SCALES", "small,medium").split(",") if name.strip()]
    unknown = [name for name in names if name not in datasets.SCALES]
    if unknown:
        raise BenchError(f"unknown scale(s) {unknown}: choose from {list(datasets.SCALES)}")

    started = datetime.datetime.now(datetime.timezone.utc)
    results = {"started": started.isoformat(timespec="seconds"), "commit": git_commit(), "machine": machine(),
               "versions": versions(ecomflow), "threads": tools.threads, "scales": []}
    tables = []
    for name in names:
        scale = datasets.SCALES[name]
        print(f"\n== {name}: {scale.planned_events:,} events, {scale.json_format}", flush=True)
        result = scale_run.run_scale(scale, tools)
        results["scales"].append(result)
        tables.append(result["table"])
        print("\n" + result["table"], flush=True)
    if os.environ.get("BENCH_MICRO", "1") == "1":
        print("\n== micro-benchmarks", flush=True)
        results["micro"] = micro.run(tools)
        tables.append(results["micro"]["table"])
        print("\n" + results["micro"]["table"], flush=True)
    if os.environ.get("BENCH_STREAM", "1") == "1":
        print("\n== stream (Kafka mock cluster)", flush=True)
        results["stream"] = stream_bench.run(tools)
        tables.append(results["stream"]["table"])
        print("\n" + results["stream"]["table"], flush=True)
    if tools.postgres_url:
        print("\n== warehouse load into PostgreSQL", flush=True)
        results["warehouse_load"] = warehouse_load.run(tools)
        tables.append(results["warehouse_load"]["table"])
        print("\n" + results["warehouse_load"]["table"], flush=True)
    else:
        print("\nnote: no PostgreSQL (ECOMFLOW_TEST_PG_URL unset): PostgreSQL rows and the load benchmark skipped")

    results["seconds"] = round((datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(), 1)
    out_dir = os.path.join(BENCH_DIR, "results")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, started.strftime("%Y%m%dT%H%M%SZ") + ".json")
    text = json.dumps(results, indent=2) + "\n"
    with open(out, "w") as stream:
        stream.write(text)
    if os.environ.get("BENCH_BASELINE") == "1":
        with open(os.path.join(out_dir, "baseline.json"), "w") as stream:
            stream.write(text)
    print("\n" + "\n\n".join(tables))
    print(f"\nresults: {out} ({results['seconds']} s in all)")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        print(f"\nbench FAILED: {error}", file=sys.stderr)
        sys.exit(1)
