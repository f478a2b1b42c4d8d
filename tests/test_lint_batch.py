"""`assist lint --input jsonl`: one JSON draft per line in, one result per line out with the
same id, findings shaped as in `--format json`; a malformed line gets an error object and the
rest go on; exit 2 / 1 / 0; streaming (an answer per line before the input ends)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hostile import Done, assist
from hypothesis import given
from hypothesis import strategies as st

from assist import lint_text
from assist.lint.batch import BadLine, BatchDraft, read_batch

ROOT = Path(__file__).resolve().parent.parent
UPSET = "This is the WORST service ever!!! I paid twice and nobody answers. I'm done with you."


def run(*args: str, stdin: bytes | None = None) -> Done:
    """`assist lint ARGS` through the entry point in a forked process (hostile.assist)."""
    return assist("lint", *args, stdin=stdin, cwd=ROOT)


def lines(*items: Any) -> bytes:
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in items).encode()


def outputs(result: Done) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_each_line_answered_with_its_id_language_and_findings(tmp_path: Path) -> None:
    text = "Honestly, I dont knwo why the engineer did not turn up."
    batch = lines(
        {"id": "t-1", "text": text},
        {"id": 2, "text": "Thanks for waiting, your refund went out today."},
        {"id": "t-3", "text": "Lo siento, no sé nada de su pedido, no puedo ayudarle hoy."},
    )
    result = run("--input", "jsonl", "-", stdin=batch)
    out = outputs(result)
    assert [o["id"] for o in out] == ["t-1", 2, "t-3"]
    assert [(o["language"], o["checked"]) for o in out] == [("en", 1), ("en", 1), ("es", 0)]
    assert out[2]["reason"] == "no rules for Spanish" and out[2]["findings"] == []
    assert result.returncode == 1  # a finding at the default --fail-on
    # the findings have exactly the shape and values of --format json
    draft = tmp_path / "t-1"
    draft.write_text(text, encoding="utf-8")
    single = json.loads(run("--format", "json", str(draft)).stdout)["findings"]
    assert out[0]["findings"] == [{**f, "path": "t-1"} for f in single]


def test_malformed_lines_get_error_objects_and_the_rest_go_on() -> None:
    batch = (
        lines(
            "not json",
            {"text": "no id here"},
            {"id": True, "text": "a bool is no id"},
            {"id": "a", "text": 42},
            {"id": "b", "text": "fine", "reply_to": ["not", "a", "string"]},
            {"id": "c", "text": "fine", "channel": "pigeon"},
            "[1, 2]",
            "",
            {"id": "ok", "text": "Thanks, the replacement ships today."},
        )
        + b'{"id": "bytes", "text": "caf\xe9"}\n'
    )
    result = run("--input", "jsonl", "-", stdin=batch)
    out = outputs(result)
    errors = [(o["id"], o["line"]) for o in out if "error" in o]
    expected = [(None, 1), (None, 2), (None, 3), ("a", 4), ("b", 5), ("c", 6), (None, 7)]
    assert errors == [*expected, (None, 10)]
    assert [o["id"] for o in out if "error" not in o] == ["ok"]
    assert result.returncode == 2
    assert len(result.stderr.decode().splitlines()) == 8  # one line per malformed input line


def test_exit_codes() -> None:
    clean = lines({"id": 1, "text": "Thanks, the replacement ships today."})
    assert run("--input", "jsonl", "-", stdin=clean).returncode == 0
    spanish = lines({"id": 1, "text": "Lo siento, no sé nada de su pedido, no puedo ayudarle."})
    assert run("--input", "jsonl", "-", stdin=spanish).returncode == 0
    assert run("--input", "jsonl", "--fail-on-unchecked", "-", stdin=spanish).returncode == 1
    assert run("--input", "jsonl", "--text", "hi", "-", stdin=clean).returncode == 2
    assert run("--input", "jsonl", "--format", "json", "-", stdin=clean).returncode == 2


def test_reply_to_runs_the_context_rules_as_the_api_does() -> None:
    reply = "Please send us a DM with your order number: https://example.com/help"
    result = run("--input", "jsonl", "-", stdin=lines({"id": 1, "text": reply, "reply_to": UPSET}))
    (out,) = outputs(result)
    expected = lint_text(reply, reply_to=UPSET)
    assert [f["rule"] for f in out["findings"]] == [f.rule for f in expected]
    assert expected, "the example must trip a context rule"
    alone = outputs(run("--input", "jsonl", "-", stdin=lines({"id": 1, "text": reply})))
    assert alone[0]["findings"] == []


def test_an_over_long_line_is_an_error_and_the_next_is_read() -> None:
    batch = lines({"id": 1, "text": "x " * 3000}, {"id": 2, "text": "Thanks, it ships today."})
    out = outputs(run("--input", "jsonl", "--max-size", "1k", "-", stdin=batch))
    assert [o.get("error") is not None for o in out] == [True, False]
    assert out[0]["line"] == 1 and out[1]["id"] == 2


def test_answers_stream_before_the_input_ends() -> None:
    """A helpdesk process writes a draft and reads its answer before sending the next."""
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "assist", "lint", "--input", "jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for n in range(3):
            process.stdin.write(lines({"id": n, "text": "I don't care, sorry about that."}))
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())
            assert answer["id"] == n and answer["findings"][0]["rule"] == "dont-care"
    finally:
        process.stdin.close()
        assert process.wait(timeout=60) == 1


@given(st.lists(st.binary(max_size=40), max_size=8))
def test_any_bytes_give_one_answer_per_non_blank_line(chunks: list[bytes]) -> None:
    data = b"\n".join(c.replace(b"\n", b" ") for c in chunks) + b"\n"
    items = list(read_batch(io.BytesIO(data), max_line=30))
    parts = data.split(b"\n")[:-1]
    expected = [n for n, c in enumerate(parts, 1) if c.strip() or len(c) > 30]  # over-long
    assert [i.line for i in items] == expected
    assert all(isinstance(i, BatchDraft | BadLine) for i in items)
