"""The deployment: a reverse proxy in front of a replicated web service that publishes no port.

The review found gunicorn published directly: no body-size limit (a 300 MB anonymous POST was
spooled to disk), slowloris with six connections, and `X-Forwarded-Proto` trusted from anyone.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SERVICES = {"proxy", "migrate", "web", "worker", "worker-staff", "beat", "db", "redis"}
needs_compose = pytest.mark.skipif(
    not shutil.which("docker-compose"),
    reason="docker-compose is not installed: the compose file check needs it (apt-get install "
    "docker-compose); nothing else in the suite does",
)


def compose(*args):
    return subprocess.run(["docker-compose", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def directives(text: str) -> dict[str, list[str]]:
    """nginx directives (comments dropped): name -> every value it is given, in order."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"([a-z_0-9]+)\s+(.*);", line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2).strip())
    return found


def size_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value).groups()
    return int(number) * (60 if unit == "m" else 1)


@needs_compose
def test_compose_file_is_valid():
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


@needs_compose
def test_compose_runs_the_proxy_and_every_service_with_health_checks():
    assert set(compose("config", "--services").stdout.split()) == SERVICES
    config = compose("config").stdout
    assert config.count("healthcheck:") == len(SERVICES) - 1  # the one-shot migrate has none
    assert "gunicorn portal.wsgi:application" in config
    web = re.search(r"^  web:\n(.*?)(?=^  \S)", config, re.M | re.S).group(1)
    assert "ports:" not in web  # only the proxy reaches gunicorn
    assert re.search(r"replicas: ([2-9])", web)


def test_the_proxy_limits_bodies_and_slow_clients_and_sets_the_forwarded_headers():
    conf = directives(NGINX_CONF.read_text())
    assert size_bytes(conf["client_max_body_size"][0]) <= 30 * 1024**2
    assert seconds(conf["client_header_timeout"][0]) <= 20
    assert seconds(conf["client_body_timeout"][0]) <= 30
    assert conf["proxy_request_buffering"] == ["on"]  # a slow upload never holds a gunicorn worker
    assert any(v.startswith("per_address") for v in conf["limit_conn"])
    headers = dict(v.split(None, 1) for v in conf["proxy_set_header"])
    # Set from what nginx saw; `$proxy_add_x_forwarded_for` would pass on what the client claims.
    assert headers["X-Forwarded-For"] == "$remote_addr"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["Forwarded"] == '""'
    assert any("443 ssl" in v for v in conf["listen"])
    assert conf["ssl_certificate"] == ["/etc/nginx/certs/fullchain.pem"]
    assert conf["ssl_protocols"] == ["TLSv1.2 TLSv1.3"]
    assert conf["proxy_pass"] == ["http://portal_web"] and conf["server"][0].startswith("web:8000")


def test_compose_puts_the_proxy_in_front_of_two_web_replicas():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: the YAML checks are skipped")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert set(services) == SERVICES
    proxy, web = services["proxy"], services["web"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "ports" not in web and web["deploy"]["replicas"] >= 2
    assert web["environment"]["DEBUG"] == "0" and web["environment"]["PORTAL_BEHIND_PROXY"] == "1"
    assert "-Q staff" in services["worker-staff"]["command"]
    assert "-Q celery" in services["worker"]["command"]
    assert "migrate" not in web["command"]  # once, by the migrate service, not by each replica


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed: its config test is skipped")
def test_nginx_accepts_the_config(tmp_path):
    """`nginx -t` on the real file, with a throwaway certificate and the upstream on loopback."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test"]
        + ["-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (tmp_path / "logs").mkdir()
    mime = Path("/etc/nginx/mime.types")
    (conf_dir / "mime.types").write_text(mime.read_text() if mime.exists() else "types { text/html html; }\n")
    text = NGINX_CONF.read_text().replace("/etc/nginx/certs", str(certs))
    text = text.replace("server web:8000", "server 127.0.0.1:8000").replace(
        "/tmp/nginx.pid", str(tmp_path / "pid")
    )
    (conf_dir / "nginx.conf").write_text(text)
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf_dir / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_every_replica_shares_files_state_and_health_with_the_others():
    """Replicas keep nothing of their own: files on a shared volume (or S3), one beat, health."""
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: the YAML checks are skipped")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "worker-staff", "beat", "migrate"):
        service = services[name]
        assert "media:/var/lib/pnt-portal/media" in service["volumes"], name
        assert service["environment"]["MEDIA_ROOT"] == "/var/lib/pnt-portal/media"
        assert service["environment"]["MEDIA_STORAGE"] == "${MEDIA_STORAGE:-filesystem}"
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert "replicas" not in services["beat"].get("deploy", {})  # exactly one beat
    assert "/health/ready/" in " ".join(services["web"]["healthcheck"]["test"])
