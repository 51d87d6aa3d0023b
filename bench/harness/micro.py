"""The Google Benchmark micro-benchmarks (bench_micro), run briefly, as a
compact table of throughput per benchmark."""
import json
import os
import subprocess

from measure import BenchError


def run(tools):
    program = os.path.join(tools.bench_bin, "bench_micro")
    done = subprocess.run([program, "--benchmark_min_time=0.2", "--benchmark_format=json"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"bench_micro failed:\n{done.stderr.strip()[-1500:]}")
    benchmarks = json.loads(done.stdout)["benchmarks"]
    to_ns = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    rows = []
    for item in benchmarks:
        if item.get("run_type", "iteration") != "iteration":
            continue
        scale = to_ns[item.get("time_unit", "ns")]
        # Benchmarks on several threads are timed by the wall clock (real_time).
        wall = item["name"].endswith("/real_time")
        rows.append({"name": item["name"],
                     "cpu_ns_per_iteration": round(item["cpu_time"] * scale, 1),
                     "real_ns_per_iteration": round(item["real_time"] * scale, 1),
                     "timed_by": "wall" if wall else "cpu",
                     "gb_per_second": round(item.get("bytes_per_second", 0) / 1e9, 3),
                     "million_items_per_second": round(item.get("items_per_second", 0) / 1e6, 3)})
    width = max(len(row["name"]) for row in rows)
    lines = ["micro-benchmarks (bench_micro; time per iteration: CPU time, or wall time for /real_time)",
             f"{'benchmark'.ljust(width)}  {'time':>12}  {'GB/s':>6}  {'M events/s':>10}"]
    for row in rows:
        events = f"{row['million_items_per_second']:10.2f}" if row["million_items_per_second"] else f"{'-':>10}"
        ns = row["real_ns_per_iteration"] if row["timed_by"] == "wall" else row["cpu_ns_per_iteration"]
        time = f"{ns / 1e6:9.2f} ms" if ns >= 1e6 else f"{ns / 1000:9.1f} us"
        lines.append(f"{row['name'].ljust(width)}  {time}  {row['gb_per_second']:6.2f}  {events}")
    return {"benchmarks": rows, "table": "\n".join(lines)}
