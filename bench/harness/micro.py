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
    rows = [{"name": item["name"], "cpu_ns_per_iteration": round(item["cpu_time"], 1),
             "gb_per_second": round(item.get("bytes_per_second", 0) / 1e9, 3),
             "million_items_per_second": round(item.get("items_per_second", 0) / 1e6, 3)}
            for item in benchmarks if item.get("run_type", "iteration") == "iteration"]
    width = max(len(row["name"]) for row in rows)
    lines = ["micro-benchmarks (one core, one part file in memory)",
             f"{'benchmark'.ljust(width)}  {'cpu time':>12}  {'GB/s':>6}  {'M events/s':>10}"]
    for row in rows:
        events = f"{row['million_items_per_second']:10.2f}" if row["million_items_per_second"] else f"{'-':>10}"
        lines.append(f"{row['name'].ljust(width)}  {row['cpu_ns_per_iteration'] / 1000:9.1f} us  "
                     f"{row['gb_per_second']:6.2f}  {events}")
    return {"benchmarks": rows, "table": "\n".join(lines)}
