"""Helpers for the hostile-input and reliability tests: the installed CLI in a subprocess,
and the same as an unprivileged user (root ignores file permissions)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534


@dataclass(frozen=True)
class Done:
    """What a run of `assist` left: exit code, standard output and error (bytes)."""

    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


FRESH = ("PYTHONIOENCODING", "LC_ALL", "LANG", "PYTHONUTF8", "PYTHONCOERCECLOCALE")
"""Settings that only a new interpreter honours: runs with them start `python -m assist`."""


def assist(
    *args: str | bytes | Path,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: int | None = None,
    timeout: float = 60,
) -> Done:
    """Run the installed assist's entry point with ARGS, plain output, 100 columns.

    A run that needs a new interpreter (encoding settings, a given stdout descriptor) starts
    `python -m assist`; the others fork this process, which has imported assist already,
    and call the same entry point there: a real separate process, without the start-up."""
    if stdout is not None or any(name in (env or {}) for name in FRESH) or not hasattr(os, "fork"):
        return _subprocess(args, stdin, cwd, env, stdout, timeout)
    return _forked(args, stdin, cwd, env, timeout)


def _forked(args, stdin: bytes | None, cwd: Path | None, env, timeout: float) -> Done:
    import time

    from assist.cli.app import main

    folder = Path(tempfile.mkdtemp(prefix="assist-run-"))
    paths = [folder / name for name in ("in", "out", "err")]
    paths[0].write_bytes(stdin or b"")
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            for fd, path, mode in ((0, paths[0], os.O_RDONLY), (1, paths[1], os.O_WRONLY)):
                os.dup2(os.open(path, mode | os.O_CREAT), fd)
            os.dup2(os.open(paths[2], os.O_WRONLY | os.O_CREAT), 2)
            os.environ.update({"NO_COLOR": "1", "COLUMNS": "100", **(env or {})})
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
            out = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            err = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            code = _in_process(main, tuple(map(os.fsdecode, args)), cwd or Path.cwd(), out, err)
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done_pid, status = os.waitpid(pid, os.WNOHANG)
        if done_pid:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(["assist", *map(os.fsdecode, args)], timeout)
        time.sleep(0.01)
    result = Done(os.waitstatus_to_exitcode(status), paths[1].read_bytes(), paths[2].read_bytes())
    for path in paths:
        path.unlink()
    folder.rmdir()
    return result


def _subprocess(args, stdin, cwd, env, stdout, timeout: float) -> Done:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "assist", *map(os.fsdecode, args)],
        input=stdin,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )
    return Done(done.returncode, done.stdout or b"", done.stderr)


def one_line_error(done: Done) -> str:
    """The single stderr line of a run that failed cleanly (asserts there is no traceback)."""
    assert "Traceback" not in done.err, done.err
    lines = done.err.strip("\n").splitlines()
    assert len(lines) == 1, done.err
    return lines[0]


def shared_tmp() -> Path:
    """A temporary folder under /tmp that another user can enter (pytest's is private)."""
    folder = Path(tempfile.mkdtemp(prefix="assist-hostile-", dir="/tmp"))
    folder.chmod(0o755)
    (folder / ".git").mkdir()  # a repository root: no config left in /tmp applies here
    return folder


def as_nobody(*args: str, cwd: Path) -> Done:
    """Run assist's real entry point as an unprivileged user (uid 65534) in a forked child:
    root ignores permissions, and a fresh process as nobody could not read this Python.
    Modules are imported by a first run as the current user, before the fork; that run also
    leaves a current playbook cache entry in a folder under `cwd` that nobody can read (the
    test run's own cache is private), so the child reads it instead of compiling the
    built-ins again (about 4 s of CPU a run)."""
    if not can_switch_user():  # not root: permissions already apply to this user
        return assist(*args, cwd=cwd)
    import encodings.utf_8_sig  # codecs a run may need, loaded before the fork
    import encodings.utf_16
    import encodings.utf_32  # noqa: F401
    import shutil

    from assist.cli.app import main

    cache = cwd / f".cache-{os.getpid()}"
    cache.mkdir(mode=0o755, exist_ok=True)
    own = os.environ.get("ASSIST_CACHE_DIR")
    for entry in Path(own).glob("playbook-*.json") if own else ():
        shutil.copy2(entry, cache / entry.name)  # the built-in entry, when this run made one
    saved = os.environ.get("ASSIST_CACHE_DIR")
    os.environ["ASSIST_CACHE_DIR"] = str(cache)
    copied = any(cache.iterdir())
    try:
        _in_process(main, args, cwd)  # warm up: import what the command needs, fill the cache
        if not copied and any(cache.iterdir()):
            _in_process(main, args, cwd)  # it compiled: now import what reading the cache needs
    finally:
        if saved is None:
            del os.environ["ASSIST_CACHE_DIR"]
        else:
            os.environ["ASSIST_CACHE_DIR"] = saved
    for entry in cache.iterdir():
        entry.chmod(0o644)
        if own and not (Path(own) / entry.name).exists():
            shutil.copy2(entry, Path(own) / entry.name)  # for the next run as nobody
    out = cwd / f".out-{os.getpid()}"
    err = cwd / f".err-{os.getpid()}"
    pid = os.fork()
    if pid == 0:  # the child: open the output files, drop privileges, run, exit with the code
        code = 70
        try:
            stdout = open(out, "w", encoding="utf-8")  # noqa: SIM115
            stderr = open(err, "w", encoding="utf-8")  # noqa: SIM115
            os.environ["ASSIST_CACHE_DIR"] = str(cache)  # current entries: nothing to write
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code = _in_process(main, args, cwd, stdout, stderr)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    done = Done(os.waitstatus_to_exitcode(status), out.read_bytes(), err.read_bytes())
    out.unlink()
    err.unlink()
    shutil.rmtree(cache)
    return done


def _in_process(main, args, cwd: Path, stdout=None, stderr=None) -> int:
    saved = sys.argv, sys.stdout, sys.stderr, os.getcwd()
    stdout = stdout or io.StringIO()
    stderr = stderr or io.StringIO()
    sys.argv, sys.stdout, sys.stderr = ["assist", *args], stdout, stderr
    os.chdir(cwd)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout.flush()
        sys.argv, sys.stdout, sys.stderr = saved[0], saved[1], saved[2]
        os.chdir(saved[3])
        stdout.close()
        stderr.close()
    return code


def can_switch_user() -> bool:
    """Running as root on a POSIX system, so a forked child can become nobody."""
    return hasattr(os, "fork") and hasattr(os, "geteuid") and os.geteuid() == 0


def permissions_apply() -> bool:
    """File permissions can be tested: as a normal user, or as root through `as_nobody`."""
    return hasattr(os, "geteuid") and hasattr(os, "fork")


def mount_small_disk(folder: Path, size: str) -> bool:
    """Mount a tmpfs of `size` on `folder` (root only); False when that is not possible."""
    import shutil

    if not can_switch_user() or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)])
    return done.returncode == 0


def run_forked(runs: list[tuple[str, ...]], cwd: Path) -> list[int]:
    """Run assist's entry point once per argument list, all at the same time, each in its own
    forked process (real processes, separate database connections), and return their exit
    codes. Forking a process that has imported assist once keeps this fast."""
    from assist.cli.app import main

    _in_process(main, ("--version",), cwd)  # import the entry point's modules once
    pids = []
    for args in runs:
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
                code = _in_process(main, args, cwd, devnull, devnull)
            finally:
                os._exit(code)
        pids.append(pid)
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
