"""`--html FILE`: the audit as one self-contained page for a team lead.

No script, no style sheet, font or image from anywhere: inline CSS, inline SVG bar charts,
and a Content-Security-Policy that forbids loading anything. Every string from the archive
or a playbook goes through `html.escape` (quotes too) before it is written.
"""

from __future__ import annotations

from html import escape
from typing import Any

from assist.audit.summary import Example

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;
padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #dde}
.sub{color:#667}.tiles{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.tile{background:#f3f5fa;border-radius:8px;padding:.7rem 1.1rem;min-width:9rem}
.tile b{display:block;font-size:1.5rem}svg{display:block;margin:.5rem 0}
svg text{font:13px system-ui,sans-serif;fill:#1d2330}.bar{fill:#d9534f}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
td,th{border-bottom:1px solid #e4e6ee;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.msg-text{white-space:pre-wrap;background:#fafbfd;border-left:3px solid #d9534f;padding:.4rem .7rem}
mark{background:#ffd9a8;border-radius:3px;padding:0 2px}.meta{color:#667;font-size:.9em}
.up{color:#b02a2a}.down{color:#2a7a2a}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
BAR_ROWS = 25
"""Rows per chart (the rest are summed in the JSON, not drawn)."""
AGENT_ROWS = 12
"""Agents drawn and listed (the ones with most findings)."""
WEEKS = 104
"""Latest weeks drawn."""


def render(summary: dict[str, Any], worst: list[Example], *, title: str = "assist audit") -> str:
    """The whole page for a summary (`to_json`'s dict) and its worst examples."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(", ".join(summary["sources"]))}</p>',
        _tiles(summary),
        '<h2 id="by-rule">Findings per rule</h2>',
        _bars(list(summary["by_rule"].items()), "rule"),
        '<h2 id="by-agent">Findings per agent</h2>',
        _agents(summary["by_agent"]),
        '<h2 id="by-week">Findings per week</h2>',
        _weeks(summary["by_week"]),
    ]
    if "scorecard" in summary:
        card = summary["scorecard"]
        rates = [(e, round(100 * item["rate"])) for e, item in card["by_element"].items()]
        parts += [
            '<h2 id="scorecard">Reply elements present (% of replies that need them)</h2>',
            f'<p class="sub">{card["complete"]:,} of {card["messages"]:,} replies carry every '
            f"required element ({100 * card['complete_rate']:.1f}%)</p>",
            _bars(rates, "element"),
        ]
    if "escalations" in summary:
        escalations = summary["escalations"]
        parts += [
            '<h2 id="escalations">Escalations in customer messages</h2>',
            f'<p class="sub">{escalations["messages"]:,} customer messages raise one '
            f"({100 * escalations['rate']:.1f}%)</p>",
            _bars(list(escalations["by_id"].items()), "escalation"),
        ]
    if "against" in summary:
        parts.append(_against(summary["against"]))
    parts += ['<h2 id="worst">Worst messages</h2>', _examples(worst)]
    parts.append(_malformed(summary["malformed"]))
    parts.append("</body></html>")
    return "\n".join(parts)


def _tiles(summary: dict[str, Any]) -> str:
    rate = summary["findings"] / summary["messages"] if summary["messages"] else 0.0
    tiles = [
        ("agent messages checked", f"{summary['messages']:,}"),
        ("conversations", f"{summary['conversations']:,}"),
        ("findings", f"{summary['findings']:,}"),
        ("findings per 100 messages", f"{100 * rate:.1f}"),
        ("malformed rows", f"{summary['malformed']['count']:,}"),
    ]
    cells = "".join(f'<div class="tile"><b>{v}</b>{escape(k)}</div>' for k, v in tiles)
    return f'<div class="tiles">{cells}</div>'


def _bars(items: list[tuple[str, int]], kind: str, limit: int = BAR_ROWS) -> str:
    """A horizontal SVG bar chart: label, bar, count; the largest bar spans the width."""
    if not items:
        return '<p class="meta">none</p>'
    items = items[:limit]
    top = max(count for _, count in items) or 1
    label_width, bar_width, row = 260, 640, 24
    height = row * len(items) + 4
    svg = [
        f'<svg class="chart chart-{kind}" width="{label_width + bar_width + 90}" '
        f'height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for n, (label, count) in enumerate(items):
        y = n * row + 2
        width = max(1, round(bar_width * count / top)) if count else 0
        svg.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{width}" height="{row - 7}">'
            f"<title>{escape(label)}: {count}</title></rect>"
            f'<text x="{label_width + width + 6}" y="{y + 16}">{count:,}</text>'
        )
    svg.append("</svg>")
    return "".join(svg)


def _short(label: str, limit: int = 36) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _agents(by_agent: dict[str, Any]) -> str:
    items = [(agent or "(no agent)", data["findings"]) for agent, data in by_agent.items()]
    rows = []
    for agent, data in list(by_agent.items())[:AGENT_ROWS]:
        rate = 100 * data["findings"] / data["messages"] if data["messages"] else 0.0
        top = ", ".join(f"{rule} ({n})" for rule, n in list(data["by_rule"].items())[:3])
        rows.append(
            f"<tr><td>{escape(agent or '(no agent)')}</td><td class=n>{data['messages']:,}</td>"
            f"<td class=n>{data['findings']:,}</td><td class=n>{rate:.1f}</td>"
            f"<td>{escape(top)}</td></tr>"
        )
    head = (
        "<tr><th>agent</th><th class=n>messages</th><th class=n>findings</th>"
        "<th class=n>per 100</th><th>most frequent rules</th></tr>"
    )
    return _bars(items, "agent", AGENT_ROWS) + f"<table>{head}{''.join(rows)}</table>"


def _weeks(by_week: dict[str, Any]) -> str:
    weeks = [(week, data["findings"]) for week, data in by_week.items()]
    return _bars(weeks[-WEEKS:], "week", WEEKS)


def _against(against: dict[str, Any]) -> str:
    rows = []
    for rule, counts in against["by_rule"].items():
        change = counts["change"]
        css = "up" if change > 0 else "down" if change < 0 else ""
        rows.append(
            f"<tr><td>{escape(rule)}</td><td class=n>{counts['current']:,}</td>"
            f"<td class=n>{counts['against']:,}</td><td class='n {css}'>{change:+,}</td></tr>"
        )
    head = "<tr><th>rule</th><th>now</th><th>with the change</th><th>change</th></tr>"
    playbook = escape(str(against.get("playbook") or ""))
    return (
        f'<h2 id="against">Impact of {playbook}</h2>'
        f"<table>{head}{''.join(rows)}</table>"
        + _json_examples("Hits gained", against["gained"])
        + _json_examples("Hits lost", against["lost"])
    )


def _json_examples(title: str, by_rule: dict[str, list[dict[str, Any]]]) -> str:
    if not by_rule:
        return ""
    parts = [f"<h3>{escape(title)}</h3>"]
    for rule, examples in by_rule.items():
        for example in examples:
            spans = [(h["offset"], h["length"]) for h in example["hits"]]
            parts.append(_message(rule, example, spans))
    return "".join(parts)


def _examples(worst: list[Example]) -> str:
    if not worst:
        return '<p class="meta">no findings</p>'
    parts = []
    for example in worst:
        result = example.result
        rules = ", ".join(sorted({h.rule for h in example.hits}))
        data = {
            "agent": result.agent,
            "conversation": result.conversation,
            "message": result.message,
            "time": result.time,
            "text": result.text,
        }
        parts.append(_message(rules, data, [(h.offset, h.length) for h in example.hits]))
    return "".join(parts)


def _message(rules: str, data: dict[str, Any], spans: list[tuple[int, int]]) -> str:
    meta = (
        f"{escape(rules)} · agent {escape(data['agent'] or '(no agent)')} · conversation "
        f"{escape(data['conversation'])} · message {escape(data['message'])} · "
        f"{escape(data['time'] or 'no time')}"
    )
    return (
        f'<div class="example"><p class="meta">{meta}</p>'
        f'<div class="msg-text">{highlighted(data["text"], spans)}</div></div>'
    )


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` escaped, each (offset, length) span wrapped in <mark> (overlaps merged)."""
    out, at = [], 0
    for offset, length in sorted(spans):
        start, end = max(offset, at), offset + length
        if end <= start:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _malformed(malformed: dict[str, Any]) -> str:
    if not malformed["count"]:
        return ""
    rows = "".join(
        f"<tr><td>{escape(m['source'])}:{m['line']}</td><td class=n>{m['row']}</td>"
        f"<td>{escape(m['reason'])}</td></tr>"
        for m in malformed["rows"][:50]
    )
    more = malformed["count"] - min(50, len(malformed["rows"]))
    note = f'<p class="meta">and {more:,} more (see --format json)</p>' if more else ""
    head = "<tr><th>where</th><th>row</th><th>why</th></tr>"
    return (
        f'<h2 id="malformed">Malformed rows: {malformed["count"]:,}</h2>'
        f"<table>{head}{rows}</table>{note}"
    )
