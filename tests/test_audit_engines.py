"""Engines read their own partitions: a twcs archive goes to the workers as slices of the
on-disk index (a path and a range), and every engine gives exactly the results of one process,
malformed rows counted with their row numbers."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from assist.audit.readers import Slice, messages_of, open_partitions
from assist.audit.records import Malformed
from assist.audit.run import Engine, audit, audit_partitions, read_messages
from assist.audit.summary import to_json
from assist.audit.work import Stages
from assist.lint.engine import Linter

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
WHEN = "Tue Oct 31 22:10:47 +0000 2017"
LINES = [
    "I don't know when it comes",
    "Hi, I'm so sorry. We will send a replacement by Friday.",
    "according to company policy we cannot",
    "hurry up and send it",
]


def _archive(tmp_path: Path, conversations: int = 90) -> Path:
    """Conversations of three tweets, written replies first (as the real export is not
    sorted), with a row of the wrong width and a duplicate tweet id among them."""
    rows = []
    for n in range(conversations):
        base = 1000 + 3 * n
        rows.append(f'{base + 1},agent{n % 4},False,{WHEN},"@c{n} {LINES[n % 4]}",,{base}')
        rows.append(f"{base},c{n},True,{WHEN},@acme where is my parcel {n},,")
        rows.append(f"{base + 2},c{n},True,{WHEN},@acme I will sue you,,{base + 1}")
        if n == 20:
            rows.append("not,a,row")
        if n == 50:
            rows.append(f"{base},c{n},True,{WHEN},@acme a duplicate id,,")
    path = tmp_path / "archive.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def _stages(linter: Linter) -> Stages:
    from assist.score.engine import Scorer
    from assist.triage.engine import Triager

    return Stages(linter, triager=Triager(linter.playbook), scorer=Scorer(linter))


def _run(path: Path, engine: Engine, stages: Stages) -> tuple[dict[str, Any], list[Any]]:
    """The summary and every result in the order written, with partitions read by the engine."""
    results: list[Any] = []

    class Keep:
        def write(self, chunk: Any) -> None:
            results.extend(chunk.results)

        def close(self) -> None: ...

    with open_partitions([path], "twcs", size=25) as parts:
        summary = audit_partitions(parts, stages, engine, writer=Keep())
    data = to_json(summary, sources=[path.name])
    summary.close()
    return data, results


@pytest.fixture(scope="module")
def stages() -> Stages:
    """The built-in playbook with only the rules the archive's lines are flagged by (its
    signals, reply elements and scorecards all kept): the engines are compared, not the
    built-ins, and every process an engine starts gets the stages pickled (the whole compiled
    phrase index took seconds of CPU in each Dask worker)."""
    from assist.playbook.load import load_playbook
    from assist.record import replace

    playbook = load_playbook()
    rules = tuple(r for r in playbook.rules if r.id in {"dont-know", "company-policy", "hurry-up"})
    assert len(rules) == 3
    return _stages(Linter(replace(playbook, rules=rules)))


def test_twcs_partitions_are_slices_that_carry_no_messages(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    with open_partitions([path], "twcs", size=25) as parts:
        items = list(parts)
        slices = [p for p in items if not isinstance(p, Malformed)]
        assert all(isinstance(p, Slice) for p in slices)
        assert max(len(pickle.dumps(p)) for p in slices) < 400  # a path and two numbers
        read = [m for p in slices for m in messages_of(p)]
    assert len(read) == 270
    serial = [m for m in read_messages([path], "twcs") if not isinstance(m, Malformed)]
    assert read == serial  # the same messages in the same order as one reader


def test_malformed_rows_are_counted_with_their_row_numbers_in_every_engine(
    tmp_path: Path, stages: Stages
) -> None:
    path = _archive(tmp_path)
    data, _ = _run(path, Engine("local", 2), stages)
    rows = data["malformed"]["rows"]
    assert data["malformed"]["count"] == 2
    # the bad row is line 65 (header + 63 tweets + 1), the duplicate follows conversation 50
    assert [(r["line"], r["row"]) for r in rows] == [(65, 64), (156, 155)]
    assert data["messages"] == 90 and data["customer_messages"] == 180


def test_one_and_two_jobs_and_the_serial_reader_give_identical_results(
    tmp_path: Path, stages: Stages
) -> None:
    path = _archive(tmp_path)
    one = _run(path, Engine("local", 1), stages)
    two = _run(path, Engine("local", 2), stages)
    assert one == two
    data = one[0]
    assert data["findings"] > 0 and data["escalations"]["messages"] == 90
    assert data["scorecard"]["messages"] > 0
    serial = audit(read_messages([path], "twcs"), stages, Engine("local", 1), chunk_size=40)
    assert to_json(serial, sources=[path.name]) == data
    serial.close()


def test_dask_local_cluster_of_two_workers_reads_slices_and_gives_the_same_results(
    tmp_path: Path, stages: Stages
) -> None:
    pytest.importorskip("distributed", reason="the Dask engine needs pip install 'assist[dask]'")
    path = _archive(tmp_path)
    assert _run(path, Engine("dask", 2), stages) == _run(path, Engine("local", 1), stages)


def test_an_archive_of_malformed_rows_only_is_counted_not_fatal(
    tmp_path: Path, stages: Stages
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "not,a,row\n" + f"1,acme,maybe,{WHEN},hello,,\n", encoding="utf-8")
    data, results = _run(path, Engine("local", 2), stages)
    assert (data["messages"], data["malformed"]["count"], results) == (0, 2, [])
    assert [(r["line"], r["row"]) for r in data["malformed"]["rows"]] == [(2, 1), (3, 2)]
