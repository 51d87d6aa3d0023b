"""Timing whole commands: wall time around the process, peak RSS from GNU
time (%M), median of several runs. A command that fails ends the bench."""
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

GNU_TIME = "/usr/bin/time"


class BenchError(Exception):
    """Something that makes the numbers meaningless: stop and say why."""


@dataclass
class Measurement:
    """Samples of one command; `stdout` is the last run's output."""
    seconds: list = field(default_factory=list)
    peak_rss_kb: list = field(default_factory=list)
    stdout: str = ""

    @property
    def median_seconds(self):
        return statistics.median(self.seconds)

    @property
    def peak_rss_mb(self):
        return max(self.peak_rss_kb) / 1024


def run_once(argv, env=None, cwd=None):
    """Runs argv once under GNU time: (seconds, peak RSS in KiB, stdout)."""
    with tempfile.NamedTemporaryFile(prefix="bench-rss-", mode="r") as rss:
        started = time.perf_counter()
        done = subprocess.run([GNU_TIME, "-f", "%M", "-o", rss.name, *argv], env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise BenchError(f"command failed (exit {done.returncode}): {' '.join(argv)}\n{tail}")
        lines = [line for line in rss.read().split() if line.isdigit()]
        return seconds, int(lines[-1]) if lines else 0, done.stdout


def measure(argv, runs, prepare=None, env=None, cwd=None, label=""):
    """Runs argv `runs` times, calling `prepare()` (untimed) before each."""
    return measure_in_turns([(argv, prepare, label)], runs, env=env, cwd=cwd)[0]


def measure_in_turns(commands, runs, env=None, cwd=None):
    """Runs several commands `runs` times each, taking turns (one run of each
    per round), so that a machine that gets faster or slower during the bench
    weighs on all of them alike. `commands` holds (argv, prepare, label);
    `prepare()` (untimed, may be None) runs before each run. Returns one
    Measurement per command, in order; run i of each belongs to round i."""
    results = [Measurement() for _ in commands]
    for attempt in range(runs):
        for (argv, prepare, label), result in zip(commands, results):
            if prepare:
                prepare()
            seconds, rss_kb, stdout = run_once(argv, env=env, cwd=cwd)
            result.seconds.append(seconds)
            result.peak_rss_kb.append(rss_kb)
            result.stdout = stdout
            if label:
                print(f"    {label}: run {attempt + 1}/{runs} {seconds:.3f} s", flush=True)
    return results


def environment_with(**extra):
    env = dict(os.environ)
    env.update({key: str(value) for key, value in extra.items()})
    return env
