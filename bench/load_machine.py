"""The load bench's servers and the machine: gunicorn and the Celery workers started and
waited for, and the CPU each part used (Linux /proc)."""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterable
from pathlib import Path

from bench._harness import HOST, Process, gunicorn_command, spawn, venv_command

CELERY_WORKERS = 2


def servers_start(
    processes: list[Process],
    env: dict[str, str],
    port: int,
    log: Path,
    web_workers: int,
    web_threads: int,
) -> list[str]:
    """gunicorn, then the Celery workers, appended to ``processes`` as each starts (so the
    caller stops whatever did start if a later one fails); the gunicorn command line."""
    web_command = gunicorn_command(port, web_workers, 120, web_threads)
    output = log.open("ab")
    processes.append(spawn(web_command, env, output))
    for n in range(CELERY_WORKERS):
        worker = ["-A", "config", "worker", "-c", "1", "-l", "WARNING", f"--hostname=load{n}@%h"]
        processes.append(spawn([venv_command("celery"), *worker], env, output))
    return web_command


def wait_ready(web: Process, workers: list[Process], port: int, log: Path) -> float:
    """Seconds until the login page answers 200 and every worker answers a ping."""
    from config.celery import app

    start = time.monotonic()
    deadline = start + 90
    web_ready, answered = False, set[str]()
    while time.monotonic() < deadline:
        for process in (web, *workers):
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited ({process.returncode}); see {log}")
        if not web_ready:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/accounts/login/")
                web_ready = connection.getresponse().status == 200
                connection.close()
            except OSError:
                pass
        if len(answered) < len(workers):
            for reply in app.control.ping(timeout=1.0) or ():
                answered.update(reply)
        if web_ready and len(answered) >= len(workers):
            return time.monotonic() - start
        time.sleep(0.3)
    raise RuntimeError(f"not ready within 90 s (web: {web_ready}, workers: {answered}); see {log}")


def _children(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, ()))
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU of these processes and their children so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for root in pids:
        for pid in _children(root):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(value) for value in fields[11:15]) / ticks  # utime..cstime
    return total


def postmaster_pid() -> int | None:
    """The PostgreSQL server's main process (a ``postgres`` whose parent is not one)."""

    def name_and_parent(pid: str) -> tuple[str, str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1].split()[1]

    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, parent = name_and_parent(entry.name)
            if name == "postgres" and name_and_parent(parent)[0] != "postgres":
                return int(entry.name)
        except (OSError, ValueError):
            continue
    return None


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs have spent busy since boot (/proc/stat: all but idle, iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far per group of process trees, this process and the machine."""
    found = {name: cpu_seconds(pids) for name, pids in groups.items()}
    found["this load generator"] = time.process_time()
    found["machine"] = machine_busy_seconds()
    return found


def cpu_report(before: dict[str, float], after: dict[str, float], seconds: float) -> str:
    """Who used the CPUs in the window; what is left over ran outside this bench (other
    people's tests on a shared machine), which the latencies suffer from too."""
    used = {name: after[name] - before[name] for name in before}
    machine = used.pop("machine")
    parts = [f"{name} {value:.1f} s" for name, value in used.items()]
    parts.append(f"everything else {max(0.0, machine - sum(used.values())):.1f} s")
    cores = os.cpu_count() or 1
    report = (
        f"CPU in the window: {machine:.1f} of {seconds * cores:.0f} CPU-seconds busy "
        f"({machine / (seconds * cores):.0%}); " + ", ".join(parts)
    )
    others = machine - sum(used.values())
    if others > 0.1 * seconds * cores:
        report += (
            f"\n   !! other processes took {others / (seconds * cores):.0%} of the CPUs: "
            "these latencies are worse than this bench alone would give"
        )
    return report
