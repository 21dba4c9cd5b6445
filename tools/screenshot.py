"""Take full-page screenshots of dashboard URLs in headless Debian Chromium and print console errors.

python tools/screenshot.py http://127.0.0.1:8050 / /programme/2014-2020 ... --out artifacts/shots
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default="artifacts/shots")
    ap.add_argument("--width", type=int, default=1440)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        errors = []
        page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        for path in args.paths:
            page.goto(args.base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)
            for y in range(0, 6000, 700):  # let lazily drawn grids render their rows
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(120)
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(300)
            name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "overview"
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(path, "->", out / f"{name}.png")
        browser.close()
    for e in errors:
        print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
