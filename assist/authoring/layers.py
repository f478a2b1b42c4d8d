"""`assist playbook show`: the layers of the playbook and where every entry comes from, read
from the provenance the loader recorded while merging."""

from __future__ import annotations

from typing import Any

from assist.authoring.places import count
from assist.model import Playbook
from assist.playbook.fields import SECTIONS
from assist.playbook.load import display_name
from assist.playbook.merge import BUILTIN, Placed, Provenance

# What `show --resolved` lists.
RESOLVED = ("rules", "customer-types", "channels", "steps", "signals")


def render_layers(provenance: Provenance) -> list[str]:
    """Each layer and its files, with what each file adds, overrides and disables."""
    lines = ["layers, lowest first: a later layer adds entries, overrides and disables rules"]
    for number, layer in enumerate(provenance.layers, 1):
        lines.append(f"{number}. {layer.name}")
        for path in layer.files:
            name = display_name(path)
            lines.append(f"   {name}: {_file_contents(provenance, name)}")
    return lines


def _file_contents(provenance: Provenance, name: str) -> str:
    counts: dict[str, int] = {}
    for key, placed in provenance.defined:
        if placed.where.file == name:
            counts[key] = counts.get(key, 0) + 1
    lists = [*provenance.overrides.values(), *provenance.signal_overrides.values()]
    overrides = [p for ps in lists for p in ps if p.where.file == name]
    disabled = [d for _, d in provenance.disabled.values() if d.where.file == name]
    parts = [count(n, SECTIONS[key][0]) for key, n in counts.items()]
    parts += [count(len(overrides), "override")] if overrides else []
    parts += [f"{len(disabled)} disabled"] if disabled else []
    return ", ".join(parts) or "no entries"


def render_resolved(playbook: Playbook, provenance: Provenance) -> list[str]:
    """Every rule, customer type, channel and step after layering, with where it came from."""
    lines = render_layers(provenance)
    for key in RESOLVED:
        entries = getattr(playbook, key.replace("-", "_"))
        off = len(provenance.disabled) if key == "rules" else 0
        lines += ["", f"{key} ({len(entries)}{f', {off} disabled' if off else ''})"]
        for entry in entries:
            lines += _entry_lines(provenance, key, entry)
        lines += _disabled_lines(provenance) if key == "rules" else []
    return lines


def _entry_lines(provenance: Provenance, key: str, entry: Any) -> list[str]:
    placed = provenance.entries.get((key, entry.id))
    layer = placed.layer if placed else BUILTIN
    line = f"  {entry.id:<26} {entry.origin} ({layer})"
    if getattr(entry, "after", None):
        line += f", after {entry.after}"
    overrides = {"rules": provenance.overrides, "signals": provenance.signal_overrides}
    return [line, *_override_lines(overrides.get(key, {}), entry.id)]


def _disabled_lines(provenance: Provenance) -> list[str]:
    lines = []
    for rule_id, (defined, disable) in provenance.disabled.items():
        lines.append(f"  {rule_id:<26} {defined.where} ({defined.layer})")
        lines += _override_lines(provenance.overrides, rule_id)
        lines += _override_lines(provenance.signal_overrides, rule_id)
        lines.append(f"    {'disabled':<24} {disable.where} ({disable.layer})")
    return lines


def _override_lines(overrides: dict[str, list[Placed]], entry_id: str) -> list[str]:
    return [
        f"    {'override ' + ', '.join(o.keys):<24} {o.where} ({o.layer})"
        for o in overrides.get(entry_id, [])
    ]
