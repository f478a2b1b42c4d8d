"""Reports over the case log: cases grouped by cause, customer type and channel (seed 003)."""

from __future__ import annotations

from dataclasses import dataclass

from assist.caselog.store import Case


@dataclass(frozen=True)
class Group:
    """Cases that share a cause, customer type or channel."""

    label: str
    case_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        """Number of cases in the group."""
        return len(self.case_ids)


@dataclass(frozen=True)
class Report:
    """Cases grouped the ways seed 003 recommends: by cause group, customer type and channel."""

    total: int
    open: int
    closed: int
    escalated: int
    by_cause: tuple[Group, ...]
    by_type: tuple[Group, ...]
    by_channel: tuple[Group, ...]


NO_GROUP = "(no cause group)"
GROUP_NOTE = "record"
"""The note the coach asks for the cause group (step `record`, or typed with the cause)."""


def cause_group(case: Case) -> str:
    """The case's cause group as the agent gave it (case and spacing folded)."""
    return " ".join(case.notes.get(GROUP_NOTE, "").split()).casefold() or NO_GROUP


def build_report(cases: list[Case]) -> Report:
    """Cases grouped by cause group, customer type and channel."""
    cases = sorted(cases, key=lambda c: c.id)  # earliest wording names a group
    return Report(
        total=len(cases),
        open=sum(c.status == "open" for c in cases),
        closed=sum(c.status == "closed" for c in cases),
        escalated=sum(bool(c.escalations) for c in cases),
        by_cause=group_exact([(c.id, cause_group(c)) for c in cases]),
        by_type=group_exact([(c.id, c.type or "not-sure") for c in cases]),
        by_channel=group_exact([(c.id, c.channel or "other") for c in cases]),
    )


def group_exact(items: list[tuple[int, str]]) -> tuple[Group, ...]:
    """Group case ids by an exact label; biggest groups first."""
    groups: dict[str, list[int]] = {}
    for case_id, label in items:
        groups.setdefault(label, []).append(case_id)
    return _sorted_groups(groups)


BLOCK_PREFIX = 4  # characters of a word that must agree for two causes to be compared
BLOCK_CAP = 16  # groups remembered per word prefix: a very common word no longer narrows


def group_similar(items: list[tuple[int, str]], threshold: int = 80) -> tuple[Group, ...]:
    """Group case ids by free-text cause, merging wordings that say nearly the same thing.

    Each cause joins the first group whose label is at least `threshold` similar (word order
    ignored) among the groups that share the start of a word with it (its first four
    letters, so typos later in a word still meet); empty causes form the group
    '(no cause noted)'. Linear in the number of cases: a cause is compared with at most
    BLOCK_CAP groups per word, not with every group so far.
    """
    from rapidfuzz import fuzz, utils

    groups: dict[str, list[int]] = {}
    exact: dict[str, str] = {}  # processed wording -> its group's label
    keys: list[tuple[str, str]] = []  # (label, processed wording), in order of creation
    blocks: dict[str, list[int]] = {}  # word prefix -> indexes into keys
    for case_id, text in items:
        key = utils.default_process(text or "")
        if not key:
            groups.setdefault("(no cause noted)", []).append(case_id)
            continue
        label = exact.get(key)
        if label is None:
            prefixes = {word[:BLOCK_PREFIX] for word in key.split()}
            candidates = sorted({i for p in prefixes for i in blocks.get(p, ())})
            label = next(
                (
                    keys[i][0]
                    for i in candidates
                    if fuzz.token_sort_ratio(key, keys[i][1], score_cutoff=threshold)
                ),
                None,
            )
            if label is None:
                label = " ".join(text.split())
                keys.append((label, key))
                for prefix in prefixes:
                    block = blocks.setdefault(prefix, [])
                    if len(block) < BLOCK_CAP:
                        block.append(len(keys) - 1)
            exact[key] = label
        groups.setdefault(label, []).append(case_id)
    return _sorted_groups(groups)


def _sorted_groups(groups: dict[str, list[int]]) -> tuple[Group, ...]:
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(Group(label, tuple(sorted(ids))) for label, ids in ordered)
