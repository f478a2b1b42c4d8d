"""The starter team folder of `assist playbook init`, from the real files in templates/."""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def template(name: str) -> str:
    """The text of one starter template file."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def starter_files(folder: Path, *, config_dir: Path | None = None) -> dict[Path, str]:
    """The files `assist playbook init` writes: a commented team.yaml, a copy of the JSON
    Schema for editors and, unless `config_dir` is None, an assist.toml there that names
    the folder."""
    from assist.playbook.schema import SCHEMA_FILE, schema_json

    files = {
        folder / "team.yaml": template("team.yaml").replace("{schema}", SCHEMA_FILE),
        folder / SCHEMA_FILE: schema_json(),
    }
    if config_dir is not None:
        toml = template("assist.toml").replace("{folder}", _relative(folder, config_dir))
        files[config_dir / "assist.toml"] = toml
    return files


def _relative(folder: Path, base: Path) -> str:
    """The folder as assist.toml names it: relative to the config file's folder if possible."""
    import os

    try:
        return Path(os.path.relpath(folder.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return folder.resolve().as_posix()


class LinkedFileError(OSError):
    """A file to write is a symbolic link: writing would change whatever it points to."""


def write_files(files: dict[Path, str], *, force: bool = False) -> list[Path]:
    """Write the files (creating folders); without `force`, raise FileExistsError naming the
    first file that already exists, before anything is written. Never writes through a
    symbolic link, even with `force` (LinkedFileError naming it): a linked assist.toml
    could otherwise overwrite a file outside the repository."""
    import errno
    import os

    linked = [path for path in files if path.is_symlink()]
    if linked:
        raise LinkedFileError(errno.ELOOP, "is a symbolic link; not written", str(linked[0]))
    if not force:
        existing = [path for path in files if path.exists()]
        if existing:
            raise FileExistsError(str(existing[0]))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        try:  # O_NOFOLLOW: a link planted since the check above is refused, not followed
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise LinkedFileError(
                    errno.ELOOP, "is a symbolic link; not written", str(path)
                ) from None
            raise
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
    return list(files)
