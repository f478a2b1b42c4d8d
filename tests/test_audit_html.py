"""`assist audit --html`: one self-contained page, every archive string escaped, and it
renders with its charts in a real headless browser (Debian's chromium; CI installs it)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

WHEN = "Tue Oct 31 22:10:47 +0000 2017"
HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
EVIL_AGENT = "<script>alert(1)</script>"
EVIL_TEXT = '" onerror="alert(2)" x=" <img src=x onerror=alert(3)> I don\'t know'


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def page(tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]) -> Path:
    quoted_text = EVIL_TEXT.replace('"', '""')
    rows = [
        f'1,"{EVIL_AGENT}",False,{WHEN},"{quoted_text}",,',
        f"2,acme,False,{WHEN},according to company policy no,,",
        "3,acme,False,Mon Nov 13 10:00:00 +0000 2017,hurry up,,",
        f"4,9,True,{WHEN},where is my parcel,,",
    ]
    archive = tmp_path / "t.csv"
    archive.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = invoke("audit", "--preset", "twcs", str(archive), "--html", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_untrusted_string_is_escaped_and_nothing_loads(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert "script" not in names and "img" not in names and "link" not in names
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot; onerror=&quot;alert(2)&quot;" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    marks = [tag for tag, _ in parser.tags if tag == "mark"]
    assert len(marks) == 3  # I don't know, company policy, hurry up


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium here (CI installs Debian's chromium: .ci/run)")


def _browser(*args: str) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--window-size=1280,2000",
            *args,
        ]
        return subprocess.run(command, capture_output=True, timeout=90, check=False)


def test_the_page_renders_its_charts_in_a_headless_browser(page: Path) -> None:
    dom = _browser("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    parser = Tags()
    parser.feed(dom)
    charts = {attrs.get("class") for tag, attrs in parser.tags if tag == "svg"}
    assert {"chart chart-rule", "chart chart-agent", "chart chart-week"} <= charts
    bars = [attrs for tag, attrs in parser.tags if tag == "rect"]
    assert len(bars) == 3 + 2 + 2  # rules, agents, weeks
    assert all(int(str(bar["width"])) > 0 for bar in bars)
    assert "script" not in {tag for tag, _ in parser.tags}


def test_the_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _browser(f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = _png_bytes(shot.read_bytes())
    assert len(set(pixels)) > 50  # text and coloured bars, not one flat colour


def _png_bytes(data: bytes) -> bytes:
    """The decompressed image data of a PNG (filter bytes included)."""
    at, idat = 8, b""
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            idat += data[at + 8 : at + 8 + length]
        at += 12 + length
    return zlib.decompress(idat)
