"""The suite's xdist groups hold: tests marked with one `xdist_group` are sent to one worker, so
the whole compiles a group shares are made once. pytest 9.2 with pytest-xdist 3.8 dropped the
group silently (each worker built them again: the suite took about 1.4x as long)."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.xdist_group("group-check")


def test_a_grouped_test_is_sent_with_its_group(request: pytest.FixtureRequest) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") is None or not request.config.getvalue("loadgroup"):
        pytest.skip("not run by pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@group-check")
