"""Depositors at work, for locust (bench/load/run.py starts it; see docs/benchmarks.md).

Each simulated depositor logs in (captcha in the load profile's test mode), opens the home page,
the ledger over ten years, the repayment plan, downloads the plan as Excel, reads a message and
marks it read, and logs out, thinking between pages. The logins come from LOAD_LOGINS (a file of
"id_number,password" lines written by run.py); each user takes the next one.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from datetime import date

from locust import HttpUser, SequentialTaskSet, between, task

LOGINS_FILE = os.environ.get("LOAD_LOGINS", "var/load/logins.csv")
THINK_MIN = float(os.environ.get("LOAD_THINK_MIN", "3"))
THINK_MAX = float(os.environ.get("LOAD_THINK_MAX", "8"))
TODAY = date.fromisoformat(os.environ.get("LOAD_TODAY", date.today().isoformat()))

_lock = threading.Lock()
_logins = None


def next_login() -> tuple[str, str]:
    global _logins
    with _lock:
        if _logins is None:
            with open(LOGINS_FILE, encoding="utf-8") as fh:
                rows = [tuple(line.strip().split(",", 1)) for line in fh if line.strip()]
            _logins = itertools.cycle(rows)
        return next(_logins)


def field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    return match.group(1) if match else field(html, "csrfmiddlewaretoken")


class DepositorVisit(SequentialTaskSet):
    def on_start(self):
        self.username, self.password = next_login()
        self.token = ""

    def expect(self, response, status, what):
        if response.status_code != status:
            response.failure(f"{what}: {response.status_code} (expected {status})")
            self.interrupt(reschedule=True)
        else:
            response.success()

    @task
    def login(self):
        self.client.cookies.clear()
        with self.client.get("/login/", name="登录页 GET /login/", catch_response=True) as r:
            self.expect(r, 200, "login page")
        page = r.text
        data = {
            "csrfmiddlewaretoken": csrf(page),
            "username": self.username,
            "password": self.password,
            "captcha_0": field(page, "captcha_0"),
            "captcha_1": "PASSED",
        }
        with self.client.post(
            "/login/",
            data=data,
            name="登录 POST /login/",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or r.headers.get("Location") != "/":
                r.failure(f"login refused: {r.status_code}")
                self.interrupt(reschedule=True)
            r.success()

    @task
    def home(self):
        with self.client.get("/", name="主页面 /", catch_response=True) as r:
            self.expect(r, 200, "home")
            if "退出" not in r.text:
                r.failure("home page without a login")
        self.token = csrf(r.text)

    @task
    def ledger(self):
        start = TODAY.replace(year=TODAY.year - 10)
        url = f"/info/ledger/?ksrq={start:%Y-%m-%d}&jsrq={TODAY:%Y-%m-%d}"
        with self.client.get(url, name="缴存支取信息 (10 年)", catch_response=True) as r:
            self.expect(r, 200, "ledger")

    @task
    def plan(self):
        with self.client.get("/info/loan/plan/", name="还款计划", catch_response=True) as r:
            self.expect(r, 200, "plan")

    @task
    def plan_excel(self):
        with self.client.get(
            "/info/loan/plan/export/", name="还款计划 Excel", catch_response=True
        ) as r:
            self.expect(r, 200, "excel")
            kind = r.headers.get("Content-Type", "")
            if "spreadsheetml" not in kind and "text/html" not in kind:
                r.failure(f"excel: {kind}")

    @task
    def read_and_mark_message(self):
        with self.client.get("/messages/", name="消息 /messages/", catch_response=True) as r:
            self.expect(r, 200, "messages")
        ids = re.findall(r'href="/messages/(\d+)/[?"]', r.text)
        if not ids:
            return
        pk = ids[0]
        with self.client.get(
            f"/messages/{pk}/", name="查看消息 /messages/<id>/", catch_response=True
        ) as r:
            self.expect(r, 200, "message")
        with self.client.post(
            f"/messages/{pk}/mark-read/",
            data={"csrfmiddlewaretoken": self.token, "next": "/messages/"},
            name="标为已阅 POST",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            self.expect(r, 302, "mark read")

    @task
    def logout(self):
        with self.client.post(
            "/logout/",
            data={"csrfmiddlewaretoken": self.token},
            name="退出 POST /logout/",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            self.expect(r, 302, "logout")
        self.username, self.password = next_login()


class Depositor(HttpUser):
    wait_time = between(THINK_MIN, THINK_MAX)
    tasks = [DepositorVisit]
