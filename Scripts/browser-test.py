#!/usr/bin/env python3
"""Browser test of the web page: starts `geoprofile serve` on a free loopback port, loads
the page in Debian's headless Chromium with postcodes to analyse (/?pc=...), reads the
composition table from the rendered DOM and checks that every number in it equals the
API's; saves a screenshot as a test artifact.

    python3 Scripts/browser-test.py [--binary .build/debug/geoprofile] [--dataset FILE] [--artifacts DIR]

Exits 0 when the table matches, 1 when it does not, 77 (skipped) without Chromium or
without a dataset, unless CI=true, where those are failures.
"""

import argparse
import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

POSTCODES = "3511,3512,3513"


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/geoprofile")
    parser.add_argument("--dataset", default=os.environ.get("GEOPROFILE_DATASET", "Data/postcodes/nl-pc4.gpkg"))
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
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        request = urllib.request.Request(base + "/v1/recommendations", method="POST",
                                         data=json.dumps({"postcodes": POSTCODES.split(",")}).encode(),
                                         headers={"Content-Type": "application/json"})
        api = json.load(urllib.request.urlopen(request, timeout=60))["zone"]
        page = f"{base}/?pc={POSTCODES}"
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000", "--window-size=1200,2200"]
        dom = subprocess.run([chromium, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
        os.makedirs(args.artifacts, exist_ok=True)
        shot = os.path.join(args.artifacts, "browser-test.png")
        subprocess.run([chromium, *flags, f"--screenshot={shot}", page], capture_output=True, timeout=120)
        rows = re.findall(r'<tr data-profile="([^"]+)">(.*?)</tr>', dom, re.S)
        shown = {}
        for profile, cells in rows:
            values = dict(re.findall(r'class="num (adults|share|index)" data-value="([^"]*)"', cells))
            shown[profile] = values
        failures = []
        if len(rows) != len(api["profiles"]):
            failures.append(f"the table has {len(rows)} rows, the API {len(api['profiles'])} profiles")
        for p in api["profiles"]:
            got = shown.get(p["id"], {})
            for key in ["adults", "share"]:
                if got.get(key) is None or float(got[key]) != float(p[key]):
                    failures.append(f"{p['id']} {key}: page {got.get(key)} != API {p[key]}")
        adults = re.search(r'id="adults">([^<]*)<', dom)
        if adults is None or adults.group(1).replace(".", "") != str(round(api["adults"])):
            failures.append(f"adults: page {adults and html.unescape(adults.group(1))} != API {api['adults']}")
        for f in failures:
            print("browser test:", f)
        print(f"browser test: {len(rows)} rows compared, screenshot {shot}")
        print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
        sys.exit(1 if failures else 0)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
