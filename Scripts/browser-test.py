#!/usr/bin/env python3
"""Browser test of the web page: starts `geoprofile serve` on a free loopback port, drives
Debian's headless Chromium through the DevTools protocol (over --remote-debugging-pipe, so
nothing beyond the Python standard library is needed), uploads a zone file through the
page's file input, and checks that every number of the composition table equals the API's;
then asks for a plan and checks its phases and roles against the API's. A screenshot is
saved as a test artifact.

    python3 Scripts/browser-test.py [--binary .build/debug/geoprofile] [--dataset FILE]
                                    [--zone Data/zones/utrecht-binnenstad.geojson] [--artifacts DIR]

Exits 0 when the page matches, 1 when it does not, 77 (skipped) without Chromium or
without a dataset, unless CI=true, where those are failures.
"""

import argparse
import base64
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

START = "2026-09-07"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def skip(reason):
    if os.environ.get("CI") == "true":
        print(f"browser test: FAILED: {reason}")
        sys.exit(1)
    print(f"browser test: skipped: {reason}")
    sys.exit(77)


def post(url, data, headers):
    request = urllib.request.Request(url, method="POST", data=data, headers=headers)
    return urllib.request.urlopen(request, timeout=120).read()


def multipart(path):
    boundary = uuid.uuid4().hex
    with open(path, "rb") as f:
        content = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{os.path.basename(path)}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


class DevTools:
    """Chromium driven over the DevTools pipe: JSON messages ending in NUL on fds 3 and 4."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def connect():
            # Moved out of the way first: a pipe end may itself be fd 3 or 4.
            reading = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            writing = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                 f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        self.process = subprocess.Popen([chromium, *flags], preexec_fn=connect, close_fds=False,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, browser=False, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def open(self, url):
        target = self.send("Target.createTarget", {"url": url}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1200, "height": 2200, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                # The page may still be loading: its elements are not there yet.
                value = None
            if value:
                return value
            time.sleep(0.2)
        raise RuntimeError(f"timed out waiting for: {expression}")

    def upload(self, selector, path):
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        self.send("DOM.setFileInputFiles", {"nodeId": node, "files": [os.path.abspath(path)]})

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", browser=True, timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


TABLE = """JSON.stringify({
  adults: document.getElementById("adults").textContent,
  rows: [...document.querySelectorAll("#composition tbody tr")].map((r) => ({
    profile: r.dataset.profile,
    values: Object.fromEntries([...r.querySelectorAll("td.num")].map((c) => [c.classList[1], c.dataset.value]))
  }))
})"""

PLAN = """JSON.stringify({
  phases: [...document.querySelectorAll("#planPhases tbody tr")].map((r) => ({
    id: r.dataset.phase,
    values: Object.fromEntries([...r.querySelectorAll("td.num")].map((c) => [c.classList[1], c.dataset.value]))
  })),
  roles: [...document.querySelectorAll("#planRoles tbody tr")].map((r) => ({
    id: r.dataset.role,
    values: Object.fromEntries([...r.querySelectorAll("td.num")].map((c) => [c.classList[1], c.dataset.value]))
  })),
  hours: document.getElementById("planHours").dataset.value
})"""


def same(page_value, api_value):
    return page_value is not None and page_value != "" and float(page_value) == float(api_value)


def check_table(page, zone, failures):
    shown = {row["profile"]: row["values"] for row in page["rows"]}
    if len(page["rows"]) != len(zone["profiles"]):
        failures.append(f"the table has {len(page['rows'])} rows, the API {len(zone['profiles'])} profiles")
    for p in zone["profiles"]:
        got = shown.get(p["id"], {})
        for key in ["adults", "share", "index"]:
            if not same(got.get(key), p[key]):
                failures.append(f"{p['id']} {key}: page {got.get(key)} != API {p[key]}")
    if page["adults"].replace(".", "") != str(round(zone["adults"])):
        failures.append(f"adults: page {page['adults']} != API {zone['adults']}")
    return len(page["rows"])


def check_plan(page, plan, failures):
    phases = {row["id"]: row["values"] for row in page["phases"]}
    for phase in plan["phases"]:
        got = phases.get(phase["id"], {})
        for key in ["weeks", "sessions", "facilitators"]:
            if not same(got.get(key), phase[key]):
                failures.append(f"plan phase {phase['id']} {key}: page {got.get(key)} != API {phase[key]}")
        hours = sum(h["hours"] for h in phase["hours"])
        if got.get("hours") is None or abs(float(got["hours"]) - hours) > 1e-9:
            failures.append(f"plan phase {phase['id']} hours: page {got.get('hours')} != API {hours}")
    roles = {row["id"]: row["values"] for row in page["roles"]}
    for role in plan["roles"]:
        got = roles.get(role["id"], {})
        for key in ["people", "hours"]:
            if not same(got.get(key), role[key]):
                failures.append(f"plan role {role['id']} {key}: page {got.get(key)} != API {role[key]}")
    if not same(page["hours"], plan["totals"]["person_hours"]):
        failures.append(f"plan person-hours: page {page['hours']} != API {plan['totals']['person_hours']}")
    if len(page["phases"]) != len(plan["phases"]) or len(page["roles"]) != len(plan["roles"]):
        failures.append("the plan view has another number of phases or roles than the API")
    return len(page["phases"]) + len(page["roles"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/geoprofile")
    parser.add_argument("--dataset", default=os.environ.get("GEOPROFILE_DATASET", "Data/postcodes/nl-pc4.gpkg"))
    parser.add_argument("--zone", default="Data/zones/utrecht-binnenstad.geojson")
    parser.add_argument("--artifacts", default=".build/artifacts")
    args = parser.parse_args()
    chromium = next((c for c in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] if os.path.exists(c)), None)
    if chromium is None:
        skip("Chromium is not installed (apt-get install chromium)")
    if not os.path.exists(args.dataset):
        skip(f"no dataset at {args.dataset} (make dataset)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--port", str(port), "--dataset", args.dataset],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="geoprofile-browser-")
    browser = None
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        body, headers = multipart(args.zone)
        api = json.loads(post(base + "/v1/compositions", body, {**headers, "Accept": "application/json"}))
        zone = api["zones"][0]
        geo = json.loads(post(base + "/v1/compositions", body, {**headers, "Accept": "application/geo+json"}))
        plan = json.loads(post(base + "/v1/plans", json.dumps({"zones": geo, "start": START}).encode(),
                               {"Content-Type": "application/json"}))

        browser = DevTools(chromium, profile)
        browser.open(base + "/")
        browser.wait_for("document.readyState === 'complete' && document.getElementById('municipality').options.length > 0")
        browser.upload("#file", args.zone)
        browser.evaluate("document.getElementById('form').requestSubmit()")
        status = browser.wait_for(
            "(() => { const s = document.getElementById('status'); return s.className === 'error' || s.textContent === 'Klaar.' ? s.className + ':' + s.textContent : ''; })()")
        failures = []
        if status.startswith("error"):
            failures.append(f"the page says: {status}")
        compared = check_table(json.loads(browser.evaluate(TABLE)), zone, failures)

        browser.evaluate(f"document.getElementById('start').value = '{START}'; document.getElementById('planForm').requestSubmit()")
        browser.wait_for("!document.getElementById('planResult').classList.contains('hidden') || document.getElementById('planStatus').textContent.length > 12")
        compared_plan = check_plan(json.loads(browser.evaluate(PLAN)), plan, failures)

        os.makedirs(args.artifacts, exist_ok=True)
        shot = os.path.join(args.artifacts, "browser-test.png")
        browser.screenshot(shot)
        for f in failures:
            print("browser test:", f)
        print(f"browser test: uploaded {os.path.basename(args.zone)}; {compared} profile rows and "
              f"{compared_plan} plan rows compared with the API; screenshot {shot}")
        print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
        sys.exit(1 if failures else 0)
    finally:
        if browser:
            browser.close()
        shutil.rmtree(profile, ignore_errors=True)
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
