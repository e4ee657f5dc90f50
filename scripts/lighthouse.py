#!/usr/bin/env python3
"""Lighthouse scores for one page of each kind, on the built site served gzipped (as GitHub Pages does).

    python scripts/lighthouse.py [SITE_DIR] [--pages start,evaluation,...]

Builds the site into a temporary folder unless SITE_DIR is given, installs Lighthouse from
benchmarks/lighthouse/package-lock.json (npm ci) on first use, serves the site with gzip on a
local port, and prints per page: accessibility (desktop) and performance, accessibility and
best practices on Lighthouse's mobile profile (a mid-range phone on a throttled 4G network,
simulated). A measurement, like scripts/benchmark.py: not part of ./dev test. Chromium:
/usr/bin/chromium or $KK_CHROMIUM.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "benchmarks" / "lighthouse"
PREFIX = "/kommunkompassen/"
# One page of every kind in routes.PAGE_KINDS (tests/test_routes_and_tree.py checks that each
# kind has one here).
PAGES = {
    "start": "",
    "evaluation": "kommuner/amal/2019/",
    "report": "kommuner/amal/2019/rapport/",
    "municipality": "kommuner/amal/",
    "map": "karta/",
    "municipality list": "kommuner/",
    "good example": "goda-exempel/",
    "statistics": "statistik/",
    "improvement plan": "kommuner/amal/2019/forbattringsplan/",
    "evaluation list": "utvarderingar/",
    "missing reports": "utvarderingar/saknade-rapporter/",
    "without evaluation": "kommuner/utan-utvardering/",
    "versions": "omraden/",
    "version": "omraden/2016/",
    "area": "omraden/2016/1/",
    "sub-question": "goda-exempel/2016/8-3/",
    "open data": "data/",
    "about the site": "om-webbplatsen/",
    "about Kommunkompassen": "om-kommunkompassen/",
    "accessibility statement": "tillganglighet/",
    "comparison": "jamfor/?u=amal-2019,bengtsfors-2015",
    "comparison picker": "jamfor/",
    "ready-made comparison": "jamfor/amal-2019--koping-2017/",
    "shared name": "kommuner/habo/",  # two municipalities' names give the same address
    "chart embed": "kommuner/amal/2019/inbadda/",
    "not found": "404.html",  # what GitHub Pages sends (status 404) for an unknown address
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves SITE under /kommunkompassen/ with Content-Encoding: gzip for text files."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        if os.path.isdir(self.translate_path(self.path)) and not self.path.split("?")[0].endswith("/"):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def translate_path(self, path: str) -> str:
        path = path.split("?")[0].split("#")[0]
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX):]
        return super().translate_path(path)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def lighthouse(url: str, mobile: bool, chromium: str) -> dict[str, float]:
    cmd = [str(TOOL / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
           "--output-path=stdout", "--only-categories=performance,accessibility,best-practices",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if not mobile:
        cmd.append("--preset=desktop")
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium},
                         timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"lighthouse failed for {url}: {out.stderr[-800:]}")
    report = json.loads(out.stdout)
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v.get("score") is not None}
    # Which accessibility and best-practice audits fail, so a score under 100 says what to fix.
    refs = [r for c in ("accessibility", "best-practices") for r in report["categories"][c]["auditRefs"]]
    failing = [r["id"] for r in refs if r.get("weight") and (report["audits"][r["id"]].get("score") or 0) < 1
               and report["audits"][r["id"]].get("scoreDisplayMode") == "binary"]
    return {**scores, "failing": failing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    chromium = os.environ.get("KK_CHROMIUM", "/usr/bin/chromium")
    if not (TOOL / "node_modules" / ".bin" / "lighthouse").exists():
        print(">> npm ci in benchmarks/lighthouse", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOL, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            print(">> building the site", flush=True)
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                           check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        server, port = serve(site)
        print(f"{'page':<24} {'a11y desktop':>12} {'perf mobile':>12} {'a11y mobile':>12} {'best pract.':>12}")
        try:
            for kind in args.pages.split(","):
                url = f"http://127.0.0.1:{port}{PREFIX}{PAGES[kind]}"
                desktop, mobile = lighthouse(url, False, chromium), lighthouse(url, True, chromium)
                failing = sorted(set(desktop["failing"]) | set(mobile["failing"]))
                print(f"{kind:<24} {desktop['accessibility']:>12} {mobile['performance']:>12} "
                      f"{mobile['accessibility']:>12} {mobile['best-practices']:>12}"
                      + (f"  failing: {', '.join(failing)}" if failing else ""), flush=True)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
