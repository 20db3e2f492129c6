"""The hall (gunicorn) against a private PostgreSQL cluster and a private redis-server, which
the fault tests stop and start while a client keeps working. Nothing shared is touched: the
cluster lives in a temporary folder on its own port, as does Redis.

The tests run where PostgreSQL's programs and redis-server are installed and the suite runs
against PostgreSQL (GJJ_DATABASE_URL=postgres://…, as CI's second pass); otherwise they skip.
Ports: GJJ_FAULT_PORT_BASE (default 8350): +0 gunicorn, +5 PostgreSQL, +6 Redis.
"""

from __future__ import annotations

import glob
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = int(os.environ.get("GJJ_FAULT_PORT_BASE", "8350"))
HALL_PORT, PG_PORT, REDIS_PORT = BASE, BASE + 5, BASE + 6
PASSWORD = "Gjj-hall-2026!"


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _need_services():
    if not (os.environ.get("GJJ_DATABASE_URL") or "").startswith("postgres"):
        pytest.skip("fault tests run with the PostgreSQL pass (GJJ_DATABASE_URL=postgres://…)")
    if not pg_bin("initdb") or not shutil.which("redis-server"):
        pytest.skip("PostgreSQL's initdb or redis-server is not installed")


def _as_postgres(cmd: list[str], **kw):
    if os.geteuid() == 0:  # initdb refuses to run as root
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


class PrivatePostgres:
    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="gjj-faults-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/gjj_faults"

    def init(self):
        result = _as_postgres(
            [pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        )
        assert result.returncode == 0, result.stderr
        self.start()
        created = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE gjj_faults",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert created.returncode == 0, created.stderr

    def start(self):
        result = _as_postgres(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        )
        assert result.returncode == 0, result.stderr + result.stdout

    def stop(self, mode: str = "fast"):
        _as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def sql(self, statement: str) -> str:
        result = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "gjj_faults",
                "-tAqc",
                statement,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.2)
        raise AssertionError("private redis-server did not start")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None


def hall_env(database: str, redis: str = "", **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GJJ_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gjj.settings_load",
        GJJ_DATABASE_URL=database,
        GJJ_REDIS_URL=redis,
        GJJ_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(env, *args, timeout=600):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


SEED = """
import django; django.setup()
import datetime as dt
from tests.factories import make_account, make_person, make_id_number
from tests.inbox.makers import make_message
p = make_person(name="张三", id_number=make_id_number("19850315", seq=11))
make_account(p, entries=[(dt.date(2024, 5, 24), "01", "1382.00")])
make_message(p)
w = make_person(name="王五", id_number=make_id_number("19900512", seq=55), phone="13900000055",
                registered=False)
make_account(w)
print(p.zjhm, w.zjhm)
"""


def seed(env) -> tuple[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", SEED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    zhangsan, wangwu = result.stdout.split()[-2:]
    return zhangsan, wangwu


class Hall:
    """gunicorn serving the hall with `env`, as in production (two workers)."""

    def __init__(self, env, port: int = HALL_PORT, workers: int = 2):
        self.env, self.port, self.workers = env, port, workers
        self.url = f"http://127.0.0.1:{port}"
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(prefix="gjj-faults-gunicorn-", suffix=".log")  # noqa: SIM115

    def start(self):
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.proc = subprocess.Popen(
            [
                gunicorn,
                "gjj.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/login/", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise AssertionError("gunicorn did not start: " + self.output())

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A depositor's browser without JavaScript: cookies, CSRF token from the page."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.token = ""

    def request(self, path, data=None, timeout=30):
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - our server
        if data is not None:
            req.add_header("Referer", self.base + path)
        started = time.monotonic()
        try:
            with self.opener.open(req, timeout=timeout) as r:
                status, text, headers = r.status, r.read().decode(errors="replace"), r.headers
        except urllib.error.HTTPError as e:
            status, text, headers = e.code, e.read().decode(errors="replace"), e.headers
        elapsed = time.monotonic() - started
        match = re.search(r'name="csrf-token" content="([^"]+)"', text)
        if match:
            self.token = match.group(1)
        return status, text, headers, elapsed

    def get(self, path, **kw):
        return self.request(path, **kw)

    def post(self, path, data, **kw):
        return self.request(path, data=data, **kw)

    def login(self, username: str, password: str = PASSWORD):
        self.get("/login/")
        status, text, headers, _ = self.post(
            "/login/",
            {"username": username, "password": password, "captcha_0": "x", "captcha_1": "PASSED"},
        )
        assert status == 302 and headers["Location"] == "/", (status, text[-2000:])


@pytest.fixture(scope="session")
def services():
    """The checks, and the static files gunicorn serves in production mode (manifest)."""
    _need_services()
    manage(hall_env("sqlite:///:memory:"), "collectstatic", "--noinput", "-v", "0")


@pytest.fixture(scope="module")
def private_pg(services):
    """A private cluster with the hall's tables and two persons (张三 registered, 王五 not)."""
    pg = PrivatePostgres(PG_PORT)
    pg.init()
    env = hall_env(pg.url)
    manage(env, "migrate", "--noinput", "-v", "0")
    pg.persons = seed(env)
    yield pg
    pg.remove()


@pytest.fixture
def private_redis(services):
    redis = PrivateRedis(REDIS_PORT)
    redis.start()
    yield redis
    redis.stop()
