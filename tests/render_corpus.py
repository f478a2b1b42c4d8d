"""Lint results to render in every layout test: real drafts (English, Hebrew, Arabic) and
findings built by hand for the hard cases (long words, tabs, line breaks, wide characters)."""

from __future__ import annotations

import json
from pathlib import Path

from assist.lint.engine import FileResult
from assist.lint.findings import Finding
from assist.model import Channel, Tip

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = Path(__file__).parent / "data" / "render" / "findings.json"
WIDTHS = (40, 80, 120, 200)
DRAFTS = {
    "english": (ROOT / "examples" / "draft.txt").read_text(encoding="utf-8"),
    "hebrew": "שלום,\nאני לא יודע מתי החבילה תגיע. תודה על הפנייה. אתה טועה לגבי המחיר.\n"
    "אֲנִי לֹא יוֹדֵעַ מָתַי זֶה יַגִּיעַ, לֹא אִכְפַּת לִי מָה תִּבְחַר",
    "arabic": "بصراحة، وفقًا لسياسة الشركة لا يمكننا ذلك.\nمرحبا،\nسأحولك إلى المدير الآن."
    " أَنْتَ مُخْطِئٌ في هذا وأنت مخـــطئ في هذا",
}
LONG_WORD = "Supercalifragilistic" * 6
HAND_MADE = (
    "You are mistaken about the date.\tTabs\tand a very long path follow. "
    "כן, אתה טועה לגבי המחיר. 你好世界，您错了 about this."
)


def _stored(item: dict[str, object]) -> Finding:
    return Finding(**{**item, "suggestions": tuple(item["suggestions"])})  # type: ignore[arg-type]


def _finding(path: str, start: int, length: int, **fields: object) -> Finding:
    base: dict[str, object] = {
        "path": path,
        "line": 1,
        "column": start + 1,
        "end_line": 1,
        "end_column": start + length + 1,
        "offset": start,
        "length": length,
        "rule": "hand-made",
        "severity": "error",
        "phrase": "you are mistaken",
        "matched": HAND_MADE[start : start + length],
        "score": 100,
        "why": "Plain words.",
        "suggestions": ("Let me check that again.",),
    }
    base.update(fields)
    return Finding(**base)  # type: ignore[arg-type]


def results() -> dict[str, list[FileResult]]:
    """Named lists of results, each rendered as one report.

    The real drafts' findings are stored (data/render/findings.json, linted once with the
    playbook of that day), so the layout tests do not follow playbook content edits.
    """
    stored = json.loads(FINDINGS.read_text(encoding="utf-8"))
    cases = {
        name: [FileResult(f"{name}.txt", tuple(_stored(f) for f in stored[name]), text=text)]
        for name, text in DRAFTS.items()
    }
    path = "drafts/" + "a-rather-long-folder-name/" * 4 + "טיוטה-ארוכה.txt"
    findings = (
        _finding(path, 0, 16, why=f"A {LONG_WORD} word folds.\tAfter\ta tab.\nA new line."),
        _finding(path, 76, 8, severity="suggestion", score=87, suggestions=()),
        _finding(
            path,
            100,
            5,
            severity="warning",
            rule="wide-" + "x" * 50,
            why="你好世界，您错了。" * 8,
            suggestions=("Say this.", "Or this: " + "אפשר לבדוק שוב " * 6, LONG_WORD),
        ),
    )
    cases["hand-made"] = [
        FileResult(path, findings, text=HAND_MADE),
        FileResult("clean.txt", (), text="Fine."),
    ]
    cases["clean"] = [FileResult("clean.txt", (), text="Fine.")]
    return cases


def channel() -> Channel:
    """A channel with tips long enough to wrap, in two scripts."""
    tips = (
        Tip("Answer within the hour; an angry customer who waits gets angrier.", "s"),
        Tip("ענה תוך שעה. " * 9, "s"),
        Tip(LONG_WORD, "s"),
    )
    return Channel("chat", "Live chat", "within one hour", tips, (), "s")
