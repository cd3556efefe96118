#!/usr/bin/env python3
"""`make bench`: the portal at scale, measured. Run inside scripts/with_services.sh (PostgreSQL, Redis).

1. Builds two databases on the throwaway PostgreSQL: scale 1 and scale 10 (generate_scale_data).
2. Counts the SQL queries of each key page at both scales (they must be equal: no query per row).
3. Serves scale 10 with gunicorn (2 workers) on loopback and loads each key page with wrk
   (16 connections, 10 s): requests/s, p50, p99, and p50 against the floor view of the same run.
4. Times the largest export (200,000 needs) against its floor, in separate processes for peak memory.
5. Times the survey aggregation against one hand-written SQL GROUP BY, pd_allocation for all, and a
   PD policy what-if scenario over every provider (issue 18: under one second at scale 10).
Prints one table and writes bench/results/latest.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results" / "latest.json"
STAFF, PROVIDER = "demo-staff", "demo-provider-a"
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))

# label, path, user: the key pages of issue 8.
PAGES = [
    ("floor", "/en/bench/floor/", STAFF),
    ("dashboard", "/en/", STAFF),
    ("groups list", "/en/groups/", STAFF),
    ("group page", "/en/groups/case-management/", STAFF),
    ("events calendar", "/en/events/", STAFF),
    ("allocation overview", "/en/pd/providers/", STAFF),
    ("survey analysis", "/en/surveys/2018/analysis/", STAFF),
    ("scenario editor", "/en/pd/scenarios/new/?year=2018", STAFF),
    ("consistency", "/en/pd/consistency/?year=2018", STAFF),
    ("reports page", "/en/reports/", STAFF),
    ("provider dashboard", "/en/", PROVIDER),
    ("provider PD budget", "/en/pd/", PROVIDER),
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def env_for(database: str, **extra) -> dict:
    env = dict(os.environ)
    url = urlparse(os.environ["DATABASE_URL"])
    env["DATABASE_URL"] = url._replace(path=f"/{database}").geturl()
    env.update({"PORTAL_BENCH": "1", "AXES_ENABLED": "0", "LOG_LEVEL": "WARNING"}, **extra)
    return env


def manage(database: str, *args: str, capture: bool = False, **extra) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env_for(database, **extra),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout if capture else ""


def create_database(name: str) -> None:
    import psycopg2

    url = urlparse(os.environ["DATABASE_URL"])
    conn = psycopg2.connect(host=url.hostname, port=url.port, user=url.username, dbname=url.path.lstrip("/"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def build(scale: int) -> str:
    database = f"bench_s{scale}"
    log(f"building scale {scale} in {database}")
    create_database(database)
    manage(database, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    manage(database, "generate_scale_data", "--scale", str(scale))
    log(f"scale {scale} generated in {time.monotonic() - started:.0f} s")
    manage(database, "load_demo", "-v", "0", DEBUG="1")
    return database


def query_counts(database: str) -> dict:
    """{page label: {"status", "queries"}} for every key page, as its user."""
    counts = {}
    for user in (STAFF, PROVIDER):
        pages = [(label, path) for label, path, page_user in PAGES if page_user == user]
        if not pages:
            continue
        output = manage(database, "bench_queries", "--user", user, *[p for _l, p in pages], capture=True)
        by_path = json.loads(output.strip().splitlines()[-1])
        counts.update({label: by_path[path] for label, path in pages})
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(database: str, user: str, **extra) -> str:
    code = (
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.contrib.auth import get_user_model as g;"
        f"u=g().objects.get(username='{user}');s=SessionStore();"
        "s['_auth_user_id']=str(u.pk);"
        "s['_auth_user_backend']='django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash']=u.get_session_auth_hash();s.create();print(s.session_key)"
    )
    return manage(database, "shell", "-c", code, capture=True, **extra).strip().splitlines()[-1]


def final_url(url: str, session: str) -> str:
    """Where a page lands after its redirects (/pd/ sends a provider to its own allocation)."""
    request = urllib.request.Request(
        url, headers={"Cookie": f"sessionid={session}", "X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.geturl()


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_test(database: str) -> dict:
    port = free_port()
    served = {
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PORTAL_BEHIND_PROXY": "1",  # it sends X-Forwarded-Proto as the proxy would
    }
    env = env_for(database, **served)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    # Sessions are signed with the served SECRET_KEY, so they are made with the same settings.
    cookies = {user: session_cookie(database, user, **served) for user in (STAFF, PROVIDER)}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for label, path, user in PAGES:
            url = final_url(f"http://127.0.0.1:{port}{path}", cookies[user])
            headers = [
                "-H",
                f"Cookie: sessionid={cookies[user]}; django_language=en",
                "-H",
                "X-Forwarded-Proto: https",
            ]
            subprocess.run(["wrk", "-t1", "-c2", "-d2s", *headers, url], capture_output=True)  # warm up
            out = subprocess.run(
                ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", *headers, url],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            latency = {m.group(1): to_ms(m.group(2), m.group(3)) for m in WRK_LATENCY.finditer(out)}
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
            results[label] = {
                "path": path,
                "rps": rps,
                "p50_ms": latency.get("50"),
                "p99_ms": latency.get("99"),
                "errors": int(non_2xx.group(1)) if non_2xx else 0,
            }
            log(f"{label}: {rps:.0f} req/s, p50 {latency.get('50')} ms, p99 {latency.get('99')} ms")
        floor = results["floor"]["p50_ms"] or 1
        for values in results.values():
            values["p50_vs_floor"] = round((values["p50_ms"] or 0) / floor, 2)
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def app_benchmarks(database: str) -> dict:
    """Exports, aggregation and pd_allocation: each app's bench command, when it has one."""
    out = {}
    checks = [
        (
            "export",
            [
                "bench_export",
                "--report",
                "pd-survey-results",
                "--user",
                STAFF,
                "--filter",
                "fiscal_year=2018",
            ],
        ),
        (
            "export floor",
            [
                "bench_export",
                "--report",
                "pd-survey-results",
                "--user",
                STAFF,
                "--floor",
                "surveys.PDNeed:id,template__provider__name,theme__name_en,theme_text,description,people,"
                "estimated_cost,delivery,scope",
            ],
        ),
        ("aggregation", ["bench_aggregate", "2018"]),
        ("pd_allocation", ["bench_allocation", "2018"]),
        ("scenario", ["bench_scenario", "2018"]),
    ]
    for label, args in checks:
        try:
            output = manage(database, *args, capture=True)
            out[label] = json.loads(output.strip().splitlines()[-1])
            log(f"{label}: {out[label]}")
        except subprocess.CalledProcessError as exc:
            out[label] = {"error": f"exit {exc.returncode}"}
            log(f"{label}: failed ({exc.returncode})")
    if "seconds" in out.get("export", {}) and "seconds" in out.get("export floor", {}):
        out["export"]["vs_floor"] = round(
            out["export"]["seconds"] / max(out["export floor"]["seconds"], 0.01), 2
        )
    return out


def main() -> int:
    if not shutil.which("wrk"):
        # Only make bench needs wrk: installed here (as root; waits for another apt to finish).
        subprocess.run([str(ROOT / "scripts" / "apt_install.sh"), "wrk"], check=False)
        if not shutil.which("wrk"):
            log("wrk is missing: install it (apt-get install wrk) for the load test")
            return 1
    report: dict = {"scales": SCALES, "queries": {}, "load": {}, "jobs": {}}
    databases = {scale: build(scale) for scale in SCALES}
    for scale, database in databases.items():
        report["queries"][scale] = query_counts(database)
    largest = databases[max(SCALES)]
    report["load"] = load_test(largest)
    report["jobs"] = app_benchmarks(largest)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str))
    print_table(report)
    return 0


def print_table(report: dict) -> None:
    small, large = min(report["scales"]), max(report["scales"])
    print(
        f"\n{'page':<22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'p50/floor':>11}"
        f"{'queries@' + str(small):>12}{'queries@' + str(large):>13}"
    )
    for label, _path, _user in PAGES:
        load = report["load"].get(label, {})
        q_small = report["queries"][small].get(label, {}).get("queries", "-")
        q_large = report["queries"][large].get(label, {}).get("queries", "-")
        p50, p99 = load.get("p50_ms") or 0, load.get("p99_ms") or 0
        print(
            f"{label:<22}{load.get('rps', 0):>8.0f}{p50:>9.1f}{p99:>9.1f}"
            f"{load.get('p50_vs_floor', 0):>11.2f}{q_small:>12}{q_large:>13}"
        )
    for label, values in report["jobs"].items():
        print(f"{label:<22}{json.dumps(values)}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
