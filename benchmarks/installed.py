"""Run assist the way users do: with bytecode, written once and reused.

This machine's environment may set PYTHONDONTWRITEBYTECODE=1, which makes an editable checkout
compile every module from source on each run (about 45 ms of CPU for `assist lint`); an
installed wheel has its bytecode. The benchmarks run assist with that variable removed and
PYTHONPYCACHEPREFIX pointing at a temporary folder, so the warm-up run writes the bytecode of
every module assist imports (its own and its dependencies') and the measured runs read it,
without writing into the checkout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def with_bytecode(env: Mapping[str, str], folder: Path) -> dict[str, str]:
    """`env` for a child process that writes and reuses bytecode under `folder`."""
    result = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result["PYTHONPYCACHEPREFIX"] = str(folder)
    return result


def installed_env(folder: Path) -> dict[str, str]:
    """This process's environment with bytecode under `folder` (see the module docstring)."""
    return with_bytecode(os.environ, folder)
