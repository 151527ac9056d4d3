"""Load test of the HTTP service on loopback: concurrent clients scoring a cohort.

Starts ``assessment-rules serve`` with one worker process per core (by default), then
runs C client threads, each sending R requests over its own keep-alive connection:
``POST /api/rulebooks/wujin-2021-departments/score`` with a U-unit cohort uploaded as a
JSON evidence file (seeded, ``workload.py``). Every response must be 200 and the
cohort's JSON result (its units checked on the first one); anything else is counted as
an error. Reports throughput and latency percentiles; exits 1 on any error.

    python bench/load.py                                  # 50 clients × 200 requests, 30 units
    python bench/load.py --clients 50 --requests 200 --units 30 --workers 2 --json

The run is bounded: C × R requests, each with a timeout, and the server is stopped at
the end whatever happens. Speed is measured here only, never in the test suite;
``tests/web/test_load.py`` runs it with a handful of requests to check it works.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import RULEBOOK_ID, evidence_document, generate_units

__all__ = ["main", "run_load"]

PATH = f"/api/rulebooks/{RULEBOOK_ID}/score"
BOUNDARY = "assessment-rules-load-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def multipart(name: str, data: bytes) -> bytes:
    """A multipart/form-data body with one ``evidence`` file."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="evidence"; filename="{name}"\r\n'
        "Content-Type: application/json\r\n\r\n"
    )
    return head.encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


@contextmanager
def server(port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    """``assessment-rules serve`` on loopback, stopped (SIGINT, then kill) on the way out."""
    command = [
        sys.executable,
        "-c",
        "from assessment_rules.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    env = {**os.environ, "ASSESSMENT_RULES_TOKEN": ""}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _client(  # noqa: PLR0917 - one private call site
    port: int,
    body: bytes,
    count: int,
    timeout: float,
    latencies: list[float],
    errors: Counter[str],
    lock: threading.Lock,
) -> None:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    mine: list[float] = []
    failed: Counter[str] = Counter()
    for _ in range(count):
        started = time.perf_counter()
        try:
            connection.request("POST", PATH, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            if response.status != 200 or not payload.startswith(b'{\n  "schema": "assessment'):
                failed[f"HTTP {response.status}"] += 1
            else:
                mine.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            failed[type(error).__name__] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.close()
    with lock:
        latencies.extend(mine)
        errors.update(failed)


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def run_load(
    clients: int, requests: int, units: int, workers: int, timeout: float = 120
) -> dict[str, Any]:
    """Run the load test and return its figures (see the module notes)."""
    document = evidence_document(generate_units(units))
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    body = multipart("cohort.json", data)
    port = _free_port()
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    with server(port, workers):
        # One checked request, then one per worker to warm each process up.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{PATH}",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            result = json.loads(response.read())
        if len(result["units"]) != units:
            raise RuntimeError(f"expected {units} units, the service scored {len(result['units'])}")
        size = len(json.dumps(result, ensure_ascii=False).encode())
        for _ in range(workers * 2):
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        threads = [
            threading.Thread(
                target=_client, args=(port, body, requests, timeout, latencies, errors, lock)
            )
            for _ in range(clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    total = clients * requests
    ms = [value * 1000 for value in latencies]
    return {
        "clients": clients,
        "requests_per_client": requests,
        "requests": total,
        "units": units,
        "workers": workers,
        "cores": os.cpu_count(),
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "seconds": round(seconds, 2),
        "throughput_rps": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "units_per_second": round(len(latencies) * units / seconds) if seconds else 0,
        "latency_ms": {
            "p50": round(_percentile(ms, 0.50), 1) if ms else None,
            "p90": round(_percentile(ms, 0.90), 1) if ms else None,
            "p99": round(_percentile(ms, 0.99), 1) if ms else None,
            "max": round(max(ms), 1) if ms else None,
            "mean": round(statistics.fmean(ms), 1) if ms else None,
        },
        "request_bytes": len(body),
        "response_bytes": size,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the load test, print the figures, exit 1 on any error."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("--requests", type=int, default=200, help="requests per client (200)")
    parser.add_argument("--units", type=int, default=30, help="units in the cohort (30)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="server processes (cores)"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    figures = run_load(args.clients, args.requests, args.units, args.workers, args.timeout)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        latency = figures["latency_ms"]
        print(
            f"{figures['requests']} requests ({figures['clients']} clients × "
            f"{figures['requests_per_client']}), {figures['units']} units each, "
            f"{figures['workers']} workers on {figures['cores']} cores\n"
            f"  {figures['throughput_rps']} requests/s ({figures['units_per_second']} units/s) "
            f"in {figures['seconds']} s\n"
            f"  latency p50 {latency['p50']} ms, p90 {latency['p90']} ms, "
            f"p99 {latency['p99']} ms, max {latency['max']} ms\n"
            f"  errors: {figures['errors']} {figures['error_kinds'] or ''}"
        )
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
