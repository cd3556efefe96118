#!/usr/bin/env python3
"""`make bench`: the portal at scale, measured. Run inside scripts/with_services.sh (PostgreSQL, Redis).

1. Builds one database per scale on the throwaway PostgreSQL (BENCH_SCALES, default 1, 10 and 100:
   about 20,000 providers and 2,000,000 needs at 100) with generate_scale_data, timed.
2. For each scale, in-process with production settings (DEBUG off): every key page's SQL queries
   (equal at every scale: no query per row), its median time asked again (as portal.pagecache
   keeps it) and built after a write, each against the layout floor's (/en/bench/floor/: the full
   base layout, signed in, no queries of its own). Every key page must answer within 3x the floor
   at scale 10.
3. Serves scale 10 with gunicorn (2 workers) on loopback and loads each key page with wrk
   (16 connections, 10 s, a browser's session and CSRF cookies): requests/s, p50, p99 (p99 must
   stay under 150 ms).
4. At the largest scale: the largest export (every PD need) against its xlsxwriter floor, in separate
   processes for time and peak memory; at every scale the survey aggregation against one
   hand-written SQL GROUP BY, and pd_allocation for all providers.
Prints the tables (growth from the smallest to the largest scale) and writes
bench/results/latest.json and bench/results/<date>-<commit>.json (the commit it measured).
5. Times the header search in-process (bench_search) at every scale, as IRCC staff and as a provider.
6. Times a PD policy what-if scenario over every provider (issue 18: under one second at scale 10).
"""

from __future__ import annotations

import http.cookiejar
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
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10,100").split(",")]
#: The scale whose pages are held to the floor and loaded with wrk.
LOAD_SCALE = int(os.environ.get("BENCH_LOAD_SCALE", "10"))
FLOOR_FACTOR, P99_LIMIT_MS = 3.0, 150.0
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))

# label, path, user: the key pages (issues 8 and 22). "floor" and "provider floor" are each user's
# layout floor; every other page is set against its own user's floor.
PAGES = [
    ("floor", "/en/bench/floor/", STAFF),
    ("dashboard", "/en/", STAFF),
    ("groups list", "/en/groups/", STAFF),
    ("group page", "/en/groups/case-management/", STAFF),
    ("committees", "/en/groups/committees/", STAFF),
    ("events calendar", "/en/events/", STAFF),
    ("events calendar (fr)", "/fr/events/", STAFF),
    ("allocation overview", "/en/pd/providers/", STAFF),
    ("approval queue", "/en/pd/requests/approvals/", STAFF),
    ("survey analysis", "/en/surveys/2018/analysis/", STAFF),
    ("scenario editor", "/en/pd/scenarios/new/?year=2018", STAFF),
    ("consistency", "/en/pd/consistency/?year=2018", STAFF),
    ("reports page", "/en/reports/", STAFF),
    ("provider floor", "/en/bench/floor/", PROVIDER),
    ("provider dashboard", "/en/", PROVIDER),
    ("provider PD budget", "/en/pd/", PROVIDER),
    ("header search", "/en/search/?q=evaluation", STAFF),
]
FLOORS = {STAFF: "floor", PROVIDER: "provider floor"}
#: Production settings for in-process timing and the served portal (sessions signed with this key).
SERVED = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "PORTAL_BEHIND_PROXY": "1",  # it sends X-Forwarded-Proto as the proxy would
}


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


def build(scale: int) -> tuple[str, float]:
    """The scale's database and how long generate_scale_data took to fill it (seconds)."""
    database = f"bench_s{scale}"
    log(f"building scale {scale} in {database}")
    create_database(database)
    manage(database, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    manage(database, "generate_scale_data", "--scale", str(scale))
    generated = time.monotonic() - started
    log(f"scale {scale} generated in {generated:.0f} s")
    manage(database, "load_demo", "-v", "0", DEBUG="1")
    return database, round(generated, 1)


def page_figures(database: str) -> dict:
    """{page label: {"status", "queries", "ms", "bytes", "vs_floor"}} for every key page, as its
    user, in-process with production settings."""
    figures = {}
    for user in (STAFF, PROVIDER):
        pages = [(label, path) for label, path, page_user in PAGES if page_user == user]
        paths = list(dict.fromkeys(p for _l, p in pages))
        output = manage(database, "bench_queries", "--user", user, *paths, capture=True, **SERVED)
        by_path = json.loads(output.strip().splitlines()[-1])
        figures.update({label: dict(by_path[path]) for label, path in pages})
        floor = figures[FLOORS[user]]
        for label, _path in pages:
            page = figures[label]
            page["vs_floor"] = round(page["ms"] / (floor["ms"] or 0.01), 2)
            page["built_vs_floor"] = round(page["built_ms"] / (floor["built_ms"] or 0.01), 2)
    return figures


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


def final_url(url: str, session: str) -> tuple[str, str]:
    """Where a page lands after its redirects (/pd/ sends a provider to its own allocation), and
    the CSRF cookie it set: a browser sends it back with every later page, as wrk then does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", f"sessionid={session}"), ("X-Forwarded-Proto", "https")]
    with opener.open(url, timeout=30) as response:
        landed = response.geturl()
    return landed, next((c.value for c in jar if c.name == "csrftoken"), "")


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def collect_static() -> None:
    """Production settings serve the hashed static files (whitenoise's manifest)."""
    env = env_for("postgres", **SERVED)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def load_test(database: str) -> dict:
    port = free_port()
    served = SERVED
    env = env_for(database, **served)
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
            url, csrf = final_url(f"http://127.0.0.1:{port}{path}", cookies[user])
            headers = [
                "-H",
                f"Cookie: sessionid={cookies[user]}; csrftoken={csrf}; django_language=en",
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
        for label, _path, user in PAGES:
            floor = results[FLOORS[user]]["p50_ms"] or 1
            results[label]["p50_vs_floor"] = round((results[label]["p50_ms"] or 0) / floor, 2)
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


EXPORT_CHECKS = [
    (
        "export",
        ["bench_export", "--report", "pd-survey-results", "--user", STAFF, "--filter", "fiscal_year=2018"],
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
]
#: Measured at every scale: how each job grows with the data.
SCALE_CHECKS = [
    ("aggregation", ["bench_aggregate", "2018"]),
    ("pd_allocation", ["bench_allocation", "2018"]),
    ("scenario", ["bench_scenario", "2018"]),
    # The header search in-process (issue 21: under 100 ms at scale 10), as staff and a provider.
    ("search", ["bench_search", "--user", STAFF, "evaluation linguistique", "case management", "north"]),
    ("search provider", ["bench_search", "--user", PROVIDER, "evaluation", "provider"]),
]


def run_checks(database: str, checks: list) -> dict:
    """Each app's bench command (JSON on its last line); a failing one is reported, not fatal."""
    out = {}
    for label, args in checks:
        try:
            output = manage(database, *args, capture=True)
            out[label] = json.loads(output.strip().splitlines()[-1])
            log(f"{label}: {out[label]}")
        except subprocess.CalledProcessError as exc:
            out[label] = {"error": f"exit {exc.returncode}"}
            log(f"{label}: failed ({exc.returncode})")
    return out


def export_benchmarks(database: str) -> dict:
    out = run_checks(database, EXPORT_CHECKS)
    export, floor = out.get("export", {}), out.get("export floor", {})
    if "seconds" in export and "seconds" in floor:
        export["vs_floor"] = round(export["seconds"] / max(floor["seconds"], 0.01), 2)
        export["memory_vs_floor"] = round(export["peak_mb"] / max(floor["peak_mb"], 0.01), 2)
    return out


def commit() -> str:
    answer = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return answer.stdout.strip() or "unknown"


def main() -> int:
    if not shutil.which("wrk"):
        # Only make bench needs wrk: installed here (as root; waits for another apt to finish).
        subprocess.run([str(ROOT / "scripts" / "apt_install.sh"), "wrk"], check=False)
        if not shutil.which("wrk"):
            log("wrk is missing: install it (apt-get install wrk) for the load test")
            return 1
    collect_static()
    report: dict = {
        "commit": commit(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scales": SCALES,
        "generate_seconds": {},
        "pages": {},
        "jobs": {},
        "load": {},
        "export": {},
    }
    databases = {}
    for scale in SCALES:
        databases[scale], report["generate_seconds"][scale] = build(scale)
        report["pages"][scale] = page_figures(databases[scale])
        report["jobs"][scale] = run_checks(databases[scale], SCALE_CHECKS)
    load_scale = LOAD_SCALE if LOAD_SCALE in databases else max(SCALES)
    report["load"] = {"scale": load_scale, "pages": load_test(databases[load_scale])}
    report["export"] = {"scale": max(SCALES), **export_benchmarks(databases[max(SCALES)])}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, default=str)
    RESULTS.write_text(text)
    kept = RESULTS.parent / f"{report['measured_at'][:10]}-{report['commit'][:10]}.json"
    kept.write_text(text)
    print_table(report, kept)
    return 0


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def print_table(report: dict, kept: Path) -> None:
    scales, load = report["scales"], report["load"]
    floor_scale = LOAD_SCALE if LOAD_SCALE in scales else max(scales)
    print(
        f"\ncommit {report['commit'][:10]}; generated in "
        + ", ".join(
            f"{seconds:.0f} s at scale {scale}" for scale, seconds in report["generate_seconds"].items()
        )
    )
    print(
        "\nIn-process, production settings: median ms (and x floor) per scale, asked again (kept by"
        "\nportal.pagecache) and built after a write; queries per scale (building the page)"
    )
    head = "".join(f"{'ms@' + str(n):>9}{'x':>5}{'built':>7}{'x':>5}" for n in scales) + "".join(
        f"{'q@' + str(n):>6}" for n in scales
    )
    print(f"{'page':<22}{head}{'3x@' + str(floor_scale):>7}{'built':>6}")
    for label, _path, _user in PAGES:
        cells = ""
        for scale in scales:
            page = report["pages"][scale].get(label, {})
            cells += f"{page.get('ms', 0):>9.1f}{page.get('vs_floor', 0):>5.1f}"
            cells += f"{page.get('built_ms', 0):>7.1f}{page.get('built_vs_floor', 0):>5.1f}"
        for scale in scales:
            cells += f"{report['pages'][scale].get(label, {}).get('queries', '-'):>6}"
        at_floor = report["pages"].get(floor_scale, {}).get(label, {})
        held = at_floor.get("vs_floor", 0) <= FLOOR_FACTOR
        built = at_floor.get("built_vs_floor", 0) <= FLOOR_FACTOR
        print(f"{label:<22}{cells}{verdict(held):>7}{verdict(built):>6}")
    print(f"\nUnder load at scale {load['scale']} (gunicorn, 2 workers, {CONNECTIONS} connections)")
    print(f"{'page':<24}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'p99<150':>9}")
    for label, _path, _user in PAGES:
        row = load["pages"].get(label, {})
        p99 = row.get("p99_ms") or 0
        print(
            f"{label:<24}{row.get('rps', 0):>8.0f}{row.get('p50_ms') or 0:>9.1f}{p99:>9.1f}"
            f"{verdict(p99 < P99_LIMIT_MS):>9}"
        )
    print("\nJobs per scale")
    for label, _args in SCALE_CHECKS:
        print(
            f"{label:<24}"
            + "  ".join(f"@{scale}: {json.dumps(report['jobs'][scale].get(label, {}))}" for scale in scales)
        )
    export = report["export"]
    print(f"\nExport at scale {export['scale']}: {json.dumps(export.get('export', {}))}")
    print(f"{'export floor':<24}{json.dumps(export.get('export floor', {}))}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} and {kept.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
