"""`assist audit`: readers rebuild conversations and report bad rows, every engine gives the
same results, the outputs round-trip, and --against shows a playbook change's impact."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.audit.records import Malformed, Message, Role
from assist.audit.run import Engine, audit, read_messages
from assist.audit.summary import to_json
from assist.audit.work import Stages

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
WHEN = "Tue Oct 31 22:10:47 +0000 2017"
TEAM = Path(__file__).parent / "data" / "overlay" / "team"


def twcs(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def messages(path: Path, preset: str = "twcs") -> list[Message | Malformed]:
    return list(read_messages([path], preset))


def test_twcs_rebuilds_conversations_from_in_response_to(tmp_path: Path) -> None:
    path = twcs(
        tmp_path / "t.csv",
        [
            f"12,acme,False,{WHEN},@9 I don't know why,,11",  # a reply before its parent
            f"11,9,True,{WHEN},@acme my order is late,12,",
            f"13,9,True,{WHEN},@acme still late,,12",
            f"14,acme,False,{WHEN},@9 sorry,,13",
            f"21,acme,False,{WHEN},@5 answering a tweet not in the archive,,20",
        ],
    )
    got = {m.message: m for m in messages(path) if isinstance(m, Message)}
    assert [got[i].conversation for i in ("11", "12", "13", "14")] == ["11"] * 4
    assert got["21"].conversation == "21"
    assert (got["12"].role, got["12"].agent, got["12"].reply_to) == (
        Role.agent,
        "acme",
        "@acme my order is late",
    )
    assert got["14"].reply_to == "@acme still late"
    assert (got["11"].role, got["11"].agent) == (Role.customer, "")
    assert got["12"].time == "2017-10-31T22:10:47Z"
    assert list(got) == ["12", "11", "13", "14", "21"]  # file order


def test_twcs_reply_cycle_ends_and_ids_written_as_floats_match(tmp_path: Path) -> None:
    path = twcs(
        tmp_path / "t.csv",
        [
            f"1,acme,False,{WHEN},a,,2.0",
            f"2,9,True,{WHEN},b,,1.0",
            f"3,acme,False,{WHEN},c,,4.0",
            f"4,9,True,{WHEN},d,,",
        ],
    )
    got = {m.message: m for m in messages(path) if isinstance(m, Message)}
    assert (got["1"].conversation, got["2"].conversation) == ("1", "2")
    assert (got["3"].conversation, got["3"].reply_to) == ("4", "d")


def test_malformed_rows_are_reported_with_line_and_row_and_the_rest_read(tmp_path: Path) -> None:
    path = twcs(
        tmp_path / "t.csv",
        [
            f'1,acme,False,{WHEN},"two\nlines",,',
            f"2,acme,maybe,{WHEN},x,,",
            "3,acme,False,yesterday,x,,",
            "4,acme,False",
            f"1,acme,False,{WHEN},same id again,,",
            f"5,acme,False,{WHEN},fine,,",
        ],
    )
    items = messages(path)
    bad = [(m.line, m.row) for m in items if isinstance(m, Malformed)]
    assert bad == [(4, 2), (5, 3), (6, 4), (7, 5)]
    assert [m.message for m in items if isinstance(m, Message)] == ["1", "5"]


def test_bad_utf8_and_bad_json_lines_are_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(
        b'{"text": "ok", "role": "agent"}\n'
        b"{not json\n"
        b'{"text": "caf\xe9", "role": "agent"}\n'
        b"[1, 2]\n"
        b'{"text": "who", "role": "robot"}\n'
        b'{"role": "agent"}\n'
    )
    items = messages(path, "generic")
    assert [(m.line, m.row) for m in items if isinstance(m, Malformed)] == [
        (2, 2),
        (3, 3),
        (4, 4),
        (5, 5),
        (6, 6),
    ]


def test_generic_columns_roles_and_reply_to(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ticket,who,by,at,body\n"
        "T1,end-user,,2024-03-04T10:00:00+01:00,I was charged twice\n"
        "T1,staff,Dana,2024-03-04T11:00:00+01:00,I don't know what happened\n"
        "T2,staff,Lee,2024-03-12T09:00:00Z,We have refunded you\n",
        encoding="utf-8",
    )
    options = (
        "--conversation-column",
        "ticket",
        "--role-column",
        "who",
        "--agent-column",
        "by",
        "--time-column",
        "at",
        "--text-column",
        "body",
        "--agent-role",
        "staff",
        "--customer-role",
        "end-user",
    )
    out = tmp_path / "f.jsonl"
    result = invoke("audit", str(path), *options, "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["messages"], data["customer_messages"], data["conversations"]) == (2, 1, 2)
    assert list(data["by_week"]) == ["2024-W10", "2024-W11"]
    row = json.loads(out.read_text(encoding="utf-8"))
    assert (row["conversation"], row["agent"], row["rule"]) == ("T1", "Dana", "dont-know")
    assert row["time"] == "2024-03-04T10:00:00Z"
    from assist.audit.generic import GenericLayout, generic_messages

    layout = GenericLayout(
        text="body",
        conversation="ticket",
        role="who",
        agent="by",
        time="at",
        agent_roles=("staff",),
        customer_roles=("end-user",),
    )
    dana = [m for m in generic_messages([path], layout) if isinstance(m, Message)][1]
    assert dana.reply_to == "I was charged twice"


def test_a_named_column_missing_is_one_line_and_exit_2(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("text\nhello\n", encoding="utf-8")
    result = invoke("audit", str(path), "--agent-column", "owner")
    assert result.exit_code == 2
    assert "owner" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    missing = invoke("audit", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr


def _archive(tmp_path: Path, conversations: int = 60) -> Path:
    rows = []
    lines = [
        "I don't know when it comes",
        "thanks it is on its way",
        "according to company policy we cannot",
        "hurry up and send it",
    ]
    for n in range(conversations):
        base = 1000 + 3 * n
        rows.append(f"{base},c{n},True,{WHEN},@acme where is my parcel {n},,")
        agent = f"agent{n % 4}"
        rows.append(f"{base + 1},{agent},False,{WHEN},@c{n} {lines[n % 4]},,{base}")
        rows.append(f"{base + 2},c{n},True,{WHEN},@acme ok,,{base + 1}")
    return twcs(tmp_path / "archive.csv", rows)


def _run(path: Path, engine: Engine, base: Path) -> tuple[dict[str, Any], list[Any]]:
    from assist.lint.engine import Linter
    from assist.playbook.load import load_playbook

    stages = Stages(Linter(load_playbook()))
    results: list[Any] = []

    class Keep:
        def write(self, chunk: Any) -> None:
            results.extend(chunk.results)

        def close(self) -> None: ...

    summary = audit(read_messages([path], "twcs"), stages, engine, writer=Keep(), chunk_size=25)
    data = to_json(summary, sources=[path.name])
    summary.close()
    return data, results


def test_two_jobs_give_exactly_the_results_of_one(tmp_path: Path, base_builtins: Path) -> None:
    path = _archive(tmp_path)
    one = _run(path, Engine("local", 1), base_builtins)
    two = _run(path, Engine("local", 2), base_builtins)
    assert one == two
    assert one[0]["findings"] == 45 and one[0]["conversations"] == 60


def test_dask_local_cluster_of_two_workers_gives_the_same_results(
    tmp_path: Path, base_builtins: Path
) -> None:
    pytest.importorskip("distributed", reason="the Dask engine needs pip install 'assist[dask]'")
    path = _archive(tmp_path)
    assert _run(path, Engine("dask", 2), base_builtins) == _run(
        path, Engine("local", 1), base_builtins
    )


def test_out_formats_round_trip(
    tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]
) -> None:
    path = twcs(
        tmp_path / "t.csv",
        [
            f'1,=HYPERLINK("http://x"),False,{WHEN},@9 I don\'t know,,',
            f'2,-acme,False,{WHEN},"+1 no idea, sorry",,',
            f"3,acme,False,{WHEN},fine,,",
        ],
    )
    files = {kind: tmp_path / f"f.{kind}" for kind in ("csv", "jsonl", "parquet")}
    for out in files.values():
        assert invoke("audit", "--preset", "twcs", str(path), "--out", str(out)).exit_code == 0
    lines = files["jsonl"].read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["message"], r["rule"], r["offset"], r["length"]) for r in rows] == [
        ("1", "dont-know", 3, 12),
        ("2", "dont-know", 3, 7),
    ]
    assert rows[0]["agent"] == '=HYPERLINK("http://x")' and rows[0]["matched"] == "I don't know"
    import pyarrow.parquet as pq

    assert pq.read_table(files["parquet"]).to_pylist() == rows
    with files["csv"].open(encoding="utf-8", newline="") as stream:
        cells = list(csv.DictReader(stream))
    assert cells[0]["agent"] == '\'=HYPERLINK("http://x")' and cells[1]["agent"] == "'-acme"
    restored = [{k: _unneutralised(v) for k, v in c.items()} for c in cells]
    assert restored == [{k: str(v) for k, v in r.items()} for r in rows]


def _unneutralised(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def test_json_summary_shape(
    tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]
) -> None:
    path = _archive(tmp_path, 8)
    result = invoke("audit", "--preset", "twcs", str(path), "--format", "json", "--jobs", "1")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert (data["messages"], data["conversations"], data["findings"]) == (8, 8, 6)
    assert data["by_rule"] == {"dont-know": 2, "company-policy": 2, "hurry-up": 2}
    assert data["by_agent"]["agent0"] == {"messages": 2, "findings": 2, "by_rule": {"dont-know": 2}}
    assert data["by_week"] == {"2017-W44": {"messages": 8, "findings": 6}}
    assert data["malformed"] == {"count": 0, "rows": []}
    assert data["escalations"] == {"messages": 0, "rate": 0.0, "by_id": {}}  # triage ran
    assert data["scorecard"]["messages"] == 0  # the score stage ran; this playbook has no elements
    worst = data["worst"][0]
    hit = worst["hits"][0]
    assert worst["text"][hit["offset"] : hit["offset"] + hit["length"]] == hit["matched"]


def test_malformed_rows_exit_2_after_the_full_report(
    tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]
) -> None:
    path = twcs(tmp_path / "t.csv", [f"1,acme,False,{WHEN},I don't know,,", "2,acme"])
    result = invoke("audit", "--preset", "twcs", str(path), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["findings"] == 1
    assert data["malformed"]["rows"] == [
        {"source": str(path), "line": 3, "row": 2, "reason": data["malformed"]["rows"][0]["reason"]}
    ]
    assert f"{path}:3: row 2:" in result.stderr


def test_against_shows_hits_gained_and_lost(
    tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]
) -> None:
    path = twcs(
        tmp_path / "t.csv",
        [
            f"1,acme,False,{WHEN},according to company policy we cannot,,",
            f"2,acme,False,{WHEN},you people never listen,,",
            f"3,acme,False,{WHEN},no idea and no clue,,",
        ],
    )
    args = ("audit", "--preset", "twcs", str(path), "--against", str(TEAM), "--format", "json")
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    against = json.loads(result.stdout)["against"]
    assert against["by_rule"]["company-policy"] == {"current": 1, "against": 0, "change": -1}
    assert against["by_rule"]["you-people"] == {"current": 0, "against": 1, "change": 1}
    assert against["by_rule"]["dont-know"] == {"current": 1, "against": 1, "change": 0}
    gained = {rule: [e["hits"][0]["matched"] for e in ex] for rule, ex in against["gained"].items()}
    lost = {rule: [e["hits"][0]["matched"] for e in ex] for rule, ex in against["lost"].items()}
    assert gained == {"dont-know": ["no clue"], "you-people": ["you people"]}
    assert lost == {"company-policy": ["according to company policy"], "dont-know": ["no idea"]}
    text = invoke(*args[:-2])
    assert text.exit_code == 0 and "you-people" in text.stdout


def test_text_report_shows_tables_and_never_raw_control_characters(
    tmp_path: Path, base_builtins: Path, invoke: Callable[..., Any]
) -> None:
    path = twcs(tmp_path / "t.csv", [f"1,\x1b[2Jevil,False,{WHEN},I don't know,,"])
    result = invoke("audit", "--preset", "twcs", str(path))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "␛[2Jevil" in result.stdout
    assert "dont-know" in result.stdout and "█" in result.stdout
    assert result.stderr == ""  # no progress bar in a pipe


def test_parquet_export_is_read_in_batches(tmp_path: Path, base_builtins: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "export.parquet"
    table = pa.table(
        {
            "conversation_id": ["a", "a"],
            "role": ["customer", "agent"],
            "agent": ["", "Kim"],
            "created_at": ["2024-01-02T00:00:00Z", "2024-01-02T01:00:00Z"],
            "text": ["where is it", "I don't know"],
        }
    )
    pq.write_table(table, path)
    got = [m for m in read_messages([path], "generic") if isinstance(m, Message)]
    assert [(m.role, m.agent, m.reply_to) for m in got] == [
        (Role.customer, "", ""),
        (Role.agent, "Kim", "where is it"),
    ]


def test_zendesk_tickets_with_comments(tmp_path: Path) -> None:
    tickets = [
        {
            "id": 7,
            "requester_id": 1,
            "comments": [
                {
                    "id": 70,
                    "author_id": 1,
                    "body": "Refund me",
                    "created_at": "2024-05-01T09:00:00Z",
                },
                {
                    "id": 71,
                    "author_id": 42,
                    "body": "I don't know",
                    "created_at": "2024-05-01T10:00:00Z",
                },
                "junk",
            ],
        },
        {"id": 8},
    ]
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(json.dumps(t) for t in tickets) + "\n", encoding="utf-8")
    items = messages(path, "zendesk")
    got = [
        (m.conversation, m.message, m.role, m.agent, m.reply_to)
        for m in items
        if isinstance(m, Message)
    ]
    assert got == [("7", "70", Role.customer, "", ""), ("7", "71", Role.agent, "42", "Refund me")]
    assert [(m.line, m.row) for m in items if isinstance(m, Malformed)] == [(1, 1), (2, 2)]


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """On a real terminal, stderr shows the running count of messages; in a pipe nothing
    (test_text_report_shows_tables_and_never_raw_control_characters)."""
    pexpect = pytest.importorskip("pexpect")
    import os
    import sys

    path = _archive(tmp_path, 700)  # two partitions
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    argv = ["-m", "assist", "audit", "--preset", "twcs", str(path), "--jobs", "1"]
    child = pexpect.spawn(
        sys.executable, argv, env=env, dimensions=(40, 100), encoding="utf-8", timeout=60
    )
    child.expect(r"[\d,]+ messages")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_customer_messages_are_triaged_for_escalations(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    rows = [
        f"1,c1,True,{WHEN},@acme I will sue you and see you in court,,",
        f"2,acme,False,{WHEN},@c1 I am sorry to hear that,,1",
        f"3,c2,True,{WHEN},@acme where is my parcel,,",
        f"4,c3,True,{WHEN},@acme I want to speak to your manager now,,",
    ]
    path = twcs(tmp_path / "t.csv", rows)
    result = invoke("audit", "--preset", "twcs", str(path), "--format", "json", "--no-config")
    assert result.exit_code == 0, result.output
    escalations = json.loads(result.stdout)["escalations"]
    assert escalations["messages"] == 2 and escalations["rate"] == round(2 / 3, 4)
    assert escalations["by_id"] == {"asks-for-manager": 1, "legal-action": 1}
    html = tmp_path / "report.html"
    result = invoke("audit", "--preset", "twcs", str(path), "--html", str(html), "--no-config")
    assert result.exit_code == 0 and 'id="escalations"' in html.read_text(encoding="utf-8")
    assert "legal-action" in result.stdout


def test_agent_replies_are_scored_element_by_element(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    rows = [
        f"1,c1,True,{WHEN},@acme my parcel is late again,,",
        f"2,acme,False,{WHEN},\"@c1 Hi Dana, I'm so sorry about the delay. I have sent a new "
        'parcel today and it will arrive by Friday. Thanks for your patience!",,1',
        f"3,c2,True,{WHEN},@acme where is my refund,,",
        f"4,acme,False,{WHEN},@c2 Check the website.,,3",
    ]
    path = twcs(tmp_path / "t.csv", rows)
    result = invoke("audit", "--preset", "twcs", str(path), "--format", "json", "--no-config")
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)["scorecard"]
    assert card["messages"] == 2
    apology = card["by_element"]["apology"]
    assert (apology["required"], apology["present"]) == (2, 1)
    html = tmp_path / "report.html"
    result = invoke("audit", "--preset", "twcs", str(path), "--html", str(html), "--no-config")
    assert result.exit_code == 0 and 'id="scorecard"' in html.read_text(encoding="utf-8")
