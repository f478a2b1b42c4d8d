"""Context rules read from context.yaml: conditions on the customer's message and the reply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assist.model import PhraseRule, Playbook, Severity

RULES_FILE = Path(__file__).with_name("context.yaml")


@dataclass(frozen=True)
class ContextRule:
    """One rule judged with the customer's message; every condition in `when` must hold."""

    id: str
    severity: Severity
    why: str
    say: tuple[str, ...]
    source: str
    extends: str
    customer_upset: bool = False
    customer_asserts: bool = False
    customer_signals: tuple[str, ...] = ()
    reply_lacks: tuple[str, ...] = ()
    """Reply elements of which none may be present."""
    reply_lacks_any: tuple[str, ...] = ()
    """Reply elements of which at least one must be missing."""
    reply_only_redirects: bool = False
    reply_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextRules:
    """All context rules, with the word lists their conditions use."""

    rules: tuple[ContextRule, ...]
    assertion_words: frozenset[str]
    redirect_phrases: tuple[str, ...]

    def phrase_playbook(self, base: Playbook) -> Playbook:
        """The rules' reply phrases (and the redirect wording) as a playbook for the matcher,
        with the base playbook's language data (fillers, contractions)."""
        rules = [
            PhraseRule(r.id, r.severity, r.reply_phrases, r.why, r.say, r.source, fuzzy=False)
            for r in self.rules
            if r.reply_phrases
        ]
        rules.append(
            PhraseRule(REDIRECT, Severity.SUGGESTION, self.redirect_phrases, "", (), "", False)
        )
        return Playbook(rules=tuple(rules), languages=base.languages)


REDIRECT = "redirect"
"""Id of the internal phrase rule that finds wording sending the customer elsewhere."""


@cache
def context_rules(path: Path = RULES_FILE) -> ContextRules:
    """The built-in context rules (read once per process)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ContextRules(
        tuple(_rule(item) for item in data["rules"]),
        frozenset(w.lower() for w in data.get("assertion-words", ())),
        tuple(data.get("redirect-phrases", ())),
    )


def _rule(item: dict[str, Any]) -> ContextRule:
    when = item.get("when", {})
    return ContextRule(
        id=item["id"],
        severity=Severity(item.get("severity", "warning")),
        why=" ".join(item["why"].split()),
        say=tuple(item.get("say", ())),
        source=item["source"],
        extends=item.get("extends", ""),
        customer_upset=bool(when.get("customer-upset", False)),
        customer_asserts=bool(when.get("customer-asserts", False)),
        customer_signals=tuple(when.get("customer-signals", ())),
        reply_lacks=tuple(when.get("reply-lacks", ())),
        reply_lacks_any=tuple(when.get("reply-lacks-any", ())),
        reply_only_redirects=bool(when.get("reply-only-redirects", False)),
        reply_phrases=tuple(when.get("reply-phrases", ())),
    )
