"""The stream section of `make bench`: the medium data (seed-001 layout, the
scale the batch rows use; BENCH_STREAM_SCALE picks another) replayed into
the mock Kafka cluster (`ecomflow kafka-mock`), then, over the same topic:

* `stream --consume-only`: librdkafka reading the mock, nothing checked or
  written (the floor);
* `stream --until-idle` into a fresh SQLite database (validation, facts,
  windows, sessions, offsets);
* the batch `run --threads 1` on the same files;
* a restart with many open sessions: a stream whose lateness keeps every
  session open is stopped with SIGTERM once it has stored every message,
  then started again; the restart time runs from its launch until every
  partition has logged that its state is rebuilt (it includes the mock's
  ~3 s first group join, also shown apart);
* produce→visible latency on a second mock: live clickstream traffic at a
  fixed rate (stamped with the time it is produced) streamed with the
  commit interval of BENCH_STREAM_COMMIT_INTERVAL (1 s), the database polled every 50 ms for new
  fact_events rows; a row's latency is the poll that first saw it minus its
  event time.

Events per second per core are events divided by the process's CPU time
(user + system); peak RSS is GNU time's maximum resident set size."""
import datetime
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time

import datasets
from measure import BenchError

SCALE = os.environ.get("BENCH_STREAM_SCALE", "medium")
# The 2.0.2 mock keeps about 5 MiB (compressed) per partition: enough
# partitions for the medium data to fit.
PARTITIONS = int(os.environ.get("BENCH_STREAM_PARTITIONS", "48"))
LATENCY_RATE = int(os.environ.get("BENCH_STREAM_RATE", "2000"))  # events per second
LATENCY_SECONDS = 20
# The stream's --commit-interval in the latency run: a row is visible at the commit after it arrives.
LATENCY_COMMIT_INTERVAL = os.environ.get("BENCH_STREAM_COMMIT_INTERVAL", "1")
RESTART_LIMIT = 600  # seconds
REPLAY_LATENESS = "2000000"  # minutes (~4 years): nothing in a replay of archives is late, no session closes


def timed(argv, cwd):
    """Runs argv under GNU time: (wall seconds, cpu seconds, peak RSS MB, stdout, stderr)."""
    with tempfile.NamedTemporaryFile(prefix="bench-stream-", mode="r") as usage:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage.name, *argv], cwd=cwd,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode not in (0, 3):
            raise BenchError(f"command failed (exit {done.returncode}): {' '.join(argv)}\n{done.stderr[-1500:]}")
        user, system, rss = usage.read().split()[-3:]
        return wall, float(user) + float(system), int(rss) / 1024, done.stdout, done.stderr


def start_mock(ecomflow, cwd, topic):
    mock = subprocess.Popen([ecomflow, "kafka-mock", "--partitions", str(PARTITIONS), "--topic", topic], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = mock.stdout.readline().strip()
    if not first.startswith("BOOTSTRAP="):
        mock.kill()
        raise BenchError(f"kafka-mock printed '{first}'")
    return mock, first.split("=", 1)[1]


def stop(process):
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait()


def consumed(stdout):
    found = re.search(r"this run: (\d+) consumed", stdout)
    return int(found.group(1)) if found else 0


def stored_offsets(db):
    try:
        with sqlite3.connect(db, timeout=10) as connection:
            return connection.execute("SELECT COALESCE(SUM(next_offset), 0) FROM stream_offsets").fetchone()[0]
    except sqlite3.Error:
        return 0


def stored_partitions(db):
    """Partitions with a stored position: only those log a rebuild after a restart."""
    with sqlite3.connect(db, timeout=10) as connection:
        return connection.execute("SELECT COUNT(*) FROM stream_offsets WHERE next_offset > 0").fetchone()[0]


def restart(ecomflow, work, brokers, events):
    """(restart seconds, longest partition rebuild seconds, open sessions, restarted RSS MB)."""
    # A member that is gone is noticed after 3 s instead of 10 s, as in the
    # stream tests, so the restarted member is not left waiting on it.
    base = [ecomflow, "--db", "sqlite:restart.db", "stream", "--brokers", brokers, "--group", "restart",
            "--lateness", REPLAY_LATENESS, "--commit-interval", "5", "--kafka", "session.timeout.ms=3000",
            "--kafka", "heartbeat.interval.ms=300"]
    first = subprocess.Popen(base, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while stored_offsets(os.path.join(work, "restart.db")) < events:
            if first.poll() is not None:
                raise BenchError(f"the stream before the restart exited {first.returncode}")
            time.sleep(0.5)
    finally:
        stop(first)
    # Customers are the message keys, so with few customers some partitions
    # hold no message and have nothing to rebuild.
    expected = stored_partitions(os.path.join(work, "restart.db"))
    # The restarted stream runs without /usr/bin/time in front: a signal to
    # GNU time ends time alone, and the stream left running kept the bench
    # waiting for the end of its log for ever. wait4 gives its peak RSS instead.
    started = time.perf_counter()
    second = subprocess.Popen(base, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rebuilt, longest, sessions, joined, log = 0, 0.0, 0, None, []
    # A restart that never finishes must not hang the bench: stop it after RESTART_LIMIT seconds.
    limit = threading.Timer(RESTART_LIMIT, second.terminate)
    limit.start()
    try:
        for line in second.stderr:
            log.append(line)
            if joined is None and "assigned" in line:
                joined = time.perf_counter() - started
            found = re.search(r"rebuilt in ([0-9.]+) s .* (\d+) open sessions", line)
            if found:
                rebuilt += 1
                longest = max(longest, float(found.group(1)))
                sessions += int(found.group(2))
                if rebuilt == expected:
                    break
        elapsed = time.perf_counter() - started
    finally:
        limit.cancel()
        # Not Popen.terminate: it polls first and would reap a stream that
        # has already exited, leaving wait4 below nothing to wait for. (The
        # time limit's terminate can reap it so only if it ended on its own.)
        if second.returncode is None:
            os.kill(second.pid, signal.SIGTERM)
        for line in second.stderr:  # the stream commits and exits; its last lines must not block it
            log.append(line)
        usage = None
        if second.returncode is None:
            _, status, usage = os.wait4(second.pid, 0)
            second.returncode = os.waitstatus_to_exitcode(status)
    if rebuilt < expected or usage is None:
        raise BenchError(f"only {rebuilt} of {expected} partitions were rebuilt after the restart "
                         f"({'no assignment' if joined is None else 'assigned'}); its log ends:\n"
                         + "".join(log[-10:]))
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    return elapsed, joined or 0.0, longest, sessions, rss


def latency(ecomflow, work, catalog_db):
    """(p50, p99, max) seconds from produce to a visible fact_events row, and rows seen."""
    shutil.copy(catalog_db, os.path.join(work, "live.db"))
    mock, brokers = start_mock(ecomflow, work, "live")
    stream = producer = None
    try:
        stream = subprocess.Popen([ecomflow, "--db", "sqlite:live.db", "stream", "--brokers", brokers, "--topic",
                                   "live", "--group", "live", "--commit-interval", LATENCY_COMMIT_INTERVAL], cwd=work, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(5)  # the mock's first group join (about 3 s) before traffic starts
        producer = subprocess.Popen([ecomflow, "--db", "sqlite:live.db", "produce", "--brokers", brokers, "--topic",
                                     "live", "--generate", "--rate", str(LATENCY_RATE), "--duration",
                                     str(LATENCY_SECONDS), "--no-progress"], cwd=work, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        latencies = []
        last_rowid = 0
        connection = sqlite3.connect(os.path.join(work, "live.db"), timeout=10)
        deadline = time.time() + LATENCY_SECONDS + 15
        while time.time() < deadline:
            try:
                rows = connection.execute("SELECT rowid, event_time FROM warehouse_fact_events WHERE rowid > ? "
                                          "ORDER BY rowid", (last_rowid,)).fetchall()
            except sqlite3.Error:
                rows = []
            now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
            for rowid, event_time in rows:
                last_rowid = max(last_rowid, rowid)
                latencies.append((now - datetime.datetime.fromisoformat(event_time)).total_seconds())
            if producer.poll() is not None and not rows and latencies:
                break
            time.sleep(0.05)
        connection.close()
    finally:
        stop(producer)
        stop(stream)
        stop(mock)
    if not latencies:
        raise BenchError("no streamed row became visible in the latency run")
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    return pick(0.5), pick(0.99), latencies[-1], len(latencies)


def run(tools):
    scale = datasets.SCALES[SCALE]
    dataset = datasets.prepare_dataset(scale, tools.ecomflow, os.path.join(tools.bench_dir, ".cache"))
    work = tempfile.mkdtemp(prefix="bench-stream-")
    mock = None
    try:
        ecomflow = tools.ecomflow
        for name in ("stream.db", "batch.db", "restart.db"):
            shutil.copy(dataset.catalog_db, os.path.join(work, name))
        mock, brokers = start_mock(ecomflow, work, "events")
        produce = timed([ecomflow, "produce", "--brokers", brokers, "--events", dataset.events_dir, "--no-progress"],
                        work)
        events = int(produce[3].split("produced ", 1)[1].split()[0])
        floor = timed([ecomflow, "--db", "sqlite:stream.db", "stream", "--brokers", brokers, "--group", "floor",
                       "--consume-only", "--until-idle", "1"], work)
        if consumed(floor[3]) != events:
            raise BenchError(f"the mock kept {consumed(floor[3]):,} of {events:,} messages: raise "
                             "BENCH_STREAM_PARTITIONS (each partition keeps about 5 MiB)")
        stream = timed([ecomflow, "--db", "sqlite:stream.db", "stream", "--brokers", brokers, "--group", "bench",
                        "--until-idle", "1", "--lateness", REPLAY_LATENESS], work)
        batch = timed([ecomflow, "--db", "sqlite:batch.db", "run", "--events", dataset.events_dir, "--reports",
                       "reports", "--threads", "1", "--no-progress", "--fail-on", "never"], work)
        restarted = restart(ecomflow, work, brokers, events)
        stop(mock)
        mock = None
        p50, p99, worst, seen = latency(ecomflow, work, dataset.catalog_db)
    finally:
        stop(mock)
        shutil.rmtree(work, ignore_errors=True)

    rows = []
    for name, (wall, cpu, rss, _, _) in (("produce --events", produce), ("consume only (floor)", floor),
                                         ("stream --until-idle", stream), ("run --threads 1", batch)):
        rows.append({"name": name, "events": events, "wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                     "events_per_cpu_second": round(events / cpu) if cpu > 0 else None,
                     "peak_rss_mb": round(rss, 1)})
    elapsed, joined, longest, sessions, restart_rss = restarted
    result = {"rows": rows, "scale": SCALE, "partitions": PARTITIONS,
              "restart": {"seconds": round(elapsed, 2), "group_join_seconds": round(joined, 2),
                          "longest_rebuild_seconds": round(longest, 2), "open_sessions": sessions,
                          "peak_rss_mb": round(restart_rss, 1)},
              "latency": {"rate": LATENCY_RATE, "seconds": LATENCY_SECONDS, "rows": seen,
                          "commit_interval_seconds": float(LATENCY_COMMIT_INTERVAL),
                          "p50_seconds": round(p50, 3), "p99_seconds": round(p99, 3), "max_seconds": round(worst, 3)}}
    floor_rate, stream_rate = rows[1]["events_per_cpu_second"], rows[2]["events_per_cpu_second"]
    lines = [f"stream ({SCALE}: {events:,} events, {PARTITIONS} partitions on the mock cluster; "
             "per core = events / process CPU seconds)",
             f"{'command':<22} {'wall s':>8} {'cpu s':>8} {'events/s/core':>14} {'RSS MB':>8}"]
    for row in rows:
        rate = f"{row['events_per_cpu_second']:,}" if row["events_per_cpu_second"] else "-"
        lines.append(f"{row['name']:<22} {row['wall_seconds']:>8} {row['cpu_seconds']:>8} {rate:>14} "
                     f"{row['peak_rss_mb']:>8}")
    if floor_rate and stream_rate:
        lines.append(f"stream / floor: {stream_rate / floor_rate:.2f}")
    lines.append(f"restart with {sessions:,} open sessions: {elapsed:.2f} s to every partition rebuilt "
                 f"(group join {joined:.2f} s, longest rebuild {longest:.2f} s), peak RSS {restart_rss:.1f} MB")
    lines.append(f"produce -> visible row at {LATENCY_RATE:,} events/s for {LATENCY_SECONDS} s, "
                 f"commit interval {LATENCY_COMMIT_INTERVAL} s: "
                 f"p50 {p50:.3f} s, p99 {p99:.3f} s, max {worst:.3f} s over {seen:,} rows")
    result["table"] = "\n".join(lines)
    return result
