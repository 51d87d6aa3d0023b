"""The stream section of `make bench`: clickstream data replayed into the
mock Kafka cluster (`ecomflow kafka-mock`), then, over the same topic, a
consume-only loop (`stream --consume-only`: the floor set by librdkafka and
the mock), `stream --until-idle` into a fresh SQLite database, and the batch
`run` on the same files. Events per second per core are events divided by
the process's CPU time (user + system); wall times include the ~3 s first
group join of the mock and the idle wait."""
import os
import shutil
import subprocess
import tempfile
import time

from measure import BenchError

PARTITIONS = 8
# The 2.0.2 mock keeps about 5 MiB per partition: stay well under it.
GENERATE = ["--profile", "clickstream", "--weeks", "1", "--parts-per-day", "5", "--events-per-part", "1500"]


def timed(argv, cwd):
    """Runs argv under GNU time: (wall seconds, cpu seconds, peak RSS MB, stdout)."""
    with tempfile.NamedTemporaryFile(prefix="bench-stream-", mode="r") as usage:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage.name, *argv], cwd=cwd,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode not in (0, 3):
            raise BenchError(f"command failed (exit {done.returncode}): {' '.join(argv)}\n{done.stderr[-1500:]}")
        user, system, rss = usage.read().split()[-3:]
        return wall, float(user) + float(system), int(rss) / 1024, done.stdout


def run(tools):
    work = tempfile.mkdtemp(prefix="bench-stream-")
    mock = None
    try:
        ecomflow = tools.ecomflow
        subprocess.run([ecomflow, "--db", "sqlite:catalog.db", "generate", *GENERATE, "--out", "events",
                        "--catalog-out", "catalog"], cwd=work, check=True, capture_output=True)
        for name in ("stream.db", "batch.db"):
            shutil.copy(os.path.join(work, "catalog.db"), os.path.join(work, name))
        mock = subprocess.Popen([ecomflow, "kafka-mock", "--partitions", str(PARTITIONS)], cwd=work,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = mock.stdout.readline().strip()
        if not first.startswith("BOOTSTRAP="):
            raise BenchError(f"kafka-mock printed '{first}'")
        brokers = first.split("=", 1)[1]
        produce = timed([ecomflow, "produce", "--brokers", brokers, "--events", "events", "--no-progress"], work)
        events = int(produce[3].split("produced ", 1)[1].split()[0])
        floor = timed([ecomflow, "--db", "sqlite:stream.db", "stream", "--brokers", brokers, "--group", "floor",
                       "--consume-only", "--until-idle", "1"], work)
        stream = timed([ecomflow, "--db", "sqlite:stream.db", "stream", "--brokers", brokers, "--group", "bench",
                        "--until-idle", "1", "--lateness", "100000"], work)
        batch = timed([ecomflow, "--db", "sqlite:batch.db", "run", "--events", "events", "--reports", "reports",
                       "--threads", "1", "--no-progress", "--fail-on", "never"], work)
    finally:
        if mock is not None:
            mock.terminate()
            mock.wait()
        shutil.rmtree(work, ignore_errors=True)

    rows = []
    for name, (wall, cpu, rss, _) in (("produce --events", produce), ("consume only (floor)", floor),
                                      ("stream --until-idle", stream), ("run --threads 1", batch)):
        rows.append({"name": name, "events": events, "wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                     "events_per_cpu_second": round(events / cpu) if cpu > 0 else None,
                     "peak_rss_mb": round(rss, 1)})
    lines = [f"stream ({events:,} clickstream events, {PARTITIONS} partitions on the mock cluster; "
             "per core = events / process CPU seconds)",
             f"{'command':<22} {'wall s':>8} {'cpu s':>8} {'events/s/core':>14} {'RSS MB':>8}"]
    for row in rows:
        rate = f"{row['events_per_cpu_second']:,}" if row["events_per_cpu_second"] else "-"
        lines.append(f"{row['name']:<22} {row['wall_seconds']:>8} {row['cpu_seconds']:>8} {rate:>14} "
                     f"{row['peak_rss_mb']:>8}")
    return {"rows": rows, "table": "\n".join(lines)}
