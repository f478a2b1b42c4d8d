"""The reply the coach proposes at the end, shaped by the channel's reply template: a letter
(email, letter), a short message (chat, SMS), a call script to say, not send (phone, face to
face), or a short public reply plus a private message (social media). It is built from the
agent's own drafts, in step order, with the template's wording (greeting, the move to a
private channel) and the team's signature. Internal notes never go into it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assist.lint.engine import LineIndex
from assist.lint.findings import Finding
from assist.model import ReplyPart, ReplyTemplate

GREETINGS = re.compile(
    r"^\s*(hello|hi|hey|dear|good (morning|afternoon|evening)|shalom|שלום|مرحبا|السلام|hei|moi|"
    r"hyvä)\b",
    re.IGNORECASE,
)
SUMMARY_LIMIT = 120
"""Characters of the message kept as the case's one-line summary."""
LETTER, MESSAGE, SCRIPT, PUBLIC = "letter", "message", "script", "public"
DEFAULT_TEMPLATE = ReplyTemplate(
    form=LETTER,
    title="Reply",
    note="A letter of your drafts.",
    parts=(ReplyPart("greet", "Greeting", "Greet the customer.", "", say="Hello {name},"),),
    source="",
)
"""A channel without a template (or 'other'): a letter of the drafts."""


@dataclass(frozen=True)
class Section:
    """One piece of the assembled reply: the public reply, the private message, the script."""

    title: str
    """'' when the reply is one piece (a letter, a message)."""
    text: str


@dataclass(frozen=True)
class ComposedReply:
    """The reply assembled for a channel: what to show, and what the customer reads or hears."""

    template: ReplyTemplate
    sections: tuple[Section, ...]
    words: str
    """Only what the customer reads or hears (checked by lint and the score checklist); a
    script's guidance is left out."""
    measured: int = 0
    """Characters of the written reply that the template's limit applies to."""
    runs: tuple[tuple[int, int, int], ...] = ()
    """(offset in `words`, offset in `text`, length) of each stretch `text` shows as it is in
    `words`, in order; empty when `text` is `words`."""

    def shown(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        """Findings in `words` moved to where `text` shows their words (lines, columns and
        offsets of the shown reply: a call script quotes each line, a public reply has titles)."""
        if not self.runs:
            return tuple(findings)
        lines = LineIndex(self.text)
        moved = []
        for f in findings:
            start, end = self._place(f.offset, False), self._place(f.offset + f.length, True)
            (line, column), (end_line, end_column) = lines.position(start), lines.position(end)
            moved.append(
                replace(f, offset=start, length=end - start, line=line, column=column,
                        end_line=end_line, end_column=end_column)
            )  # fmt: skip
        return tuple(moved)

    def _place(self, offset: int, end: bool) -> int:
        """Where `text` shows the character at `offset` of `words` (an end: the run it ends)."""
        starts = [w for w, _, _ in self.runs]
        index = max(bisect_right(starts, offset - 1 if end else offset) - 1, 0)
        w, t, length = self.runs[index]
        if offset > w + length and index + 1 < len(self.runs) and not end:
            return self.runs[index + 1][1]  # between two runs: where the next one starts
        return t + min(max(offset - w, 0), length)

    @property
    def text(self) -> str:
        """The whole reply as plain text (shown, saved, copied, stored with the case)."""
        if not self.words.strip():
            return ""
        pieces = [f"{s.title}\n\n{s.text}" if s.title else s.text for s in self.sections]
        return "\n\n".join(piece.rstrip("\n") for piece in pieces) + "\n"

    @property
    def over(self) -> int:
        """Characters over the template's limit (0 when within it or there is none)."""
        limit = self.template.limit
        return max(self.measured - limit, 0) if limit else 0


def assemble_reply(customer: str, drafts: Sequence[str], signature: str = "") -> str:
    """The drafts that have text, as paragraphs, after a greeting (unless the first draft
    greets already) and before the signature (unless the last draft ends with it)."""
    steps = [(f"draft-{n}", draft) for n, draft in enumerate(drafts)]
    return compose_reply(None, customer, steps, signature).text


def compose_reply(
    template: ReplyTemplate | None,
    customer: str,
    drafts: Sequence[tuple[str, str]],
    signature: str = "",
) -> ComposedReply:
    """The reply for a channel's `template` (None: a letter) from `drafts`, (step id, text)
    pairs in step order. Empty when no draft has text."""
    template = template or DEFAULT_TEMPLATE
    name = " ".join(customer.split())
    filled = {step: text.strip() for step, text in drafts if text.strip()}
    if not filled:
        return ComposedReply(template, (), "")
    points = _points(template, filled, name)
    if template.form == SCRIPT:
        return _script(template, points)
    greeting = _greeting(template, name)
    if template.form == PUBLIC:
        return _public(template, points, greeting, signature.strip())
    paragraphs = _greeted(points, greeting)
    if template.form == MESSAGE:  # one short paragraph, signed with the signature's first line
        lines = [paragraphs[0], " ".join(paragraphs[1:])] if len(paragraphs) > 1 else paragraphs
        text = "\n".join(_signed(lines, signature.strip().partition("\n")[0])) + "\n"
    else:
        text = "\n\n".join(_signed(paragraphs, signature.strip())) + "\n"
    return ComposedReply(template, (Section("", text),), text, len(text.rstrip("\n")))


Point = tuple[ReplyPart, str]
"""A template point and the customer-facing words that fill it ('' when none)."""


def _points(template: ReplyTemplate, filled: dict[str, str], name: str) -> list[Point]:
    """Each point with its draft, else its wording; drafts that no point claims go in step
    order after the last point a draft fills."""
    points = [
        (part, filled.get(part.draft, "") if part.draft else _named(part.say, name))
        for part in template.parts
    ]
    claimed = {part.draft for part in template.parts if part.draft}
    extra = [text for step, text in filled.items() if step not in claimed]
    if extra:
        drafted = [i for i, (part, _) in enumerate(points) if part.draft]
        after = drafted[-1] if drafted else len(points) - 1
        more = ReplyPart("more", "Also", "What else you drafted.", "", place=points[after][0].place)
        points[after + 1 : after + 1] = [(more, text) for text in extra]
    return points


def _is_greeting(part: ReplyPart) -> bool:
    return bool(part.say) and not part.draft and bool(GREETINGS.match(part.say))


def _named(text: str, name: str) -> str:
    """Wording with `{name}` as the customer's name (left out when there is none)."""
    return text.replace("{name}", name) if name else re.sub(r"\s*\{name\}", "", text)


def _greeting(template: ReplyTemplate, name: str) -> str:
    """The template's greeting wording, with the name; 'Hello {name},' by default."""
    part = next((p for p in template.parts if _is_greeting(p)), None)
    return _named(part.say if part else "Hello {name},", name)


def _greeted(points: Sequence[Point], greeting: str) -> list[str]:
    """The points' words (greetings aside), after the greeting unless the first greets."""
    texts = [words for part, words in points if words and not _is_greeting(part)]
    if texts and not GREETINGS.match(texts[0]):
        texts.insert(0, greeting)
    return texts


def _signed(paragraphs: list[str], signature: str) -> list[str]:
    if signature and paragraphs and not paragraphs[-1].endswith(signature):
        return [*paragraphs, signature]
    return paragraphs


def _script(template: ReplyTemplate, points: list[Point]) -> ComposedReply:
    """Numbered talking points: the words to say (quoted) where there are some, else what to
    do at that point (listen, say when...)."""
    lines = [template.note]
    for number, (part, words) in enumerate(points, 1):
        quoted = [f"“{line.strip()}”" for line in words.splitlines() if line.strip()]
        lines.append(f"{number}. {part.label}: {' '.join(quoted) if quoted else part.text}")
    spoken = "\n\n".join(words for _, words in points if words) + "\n"
    section = Section(template.title, "\n".join(lines) + "\n")
    composed = ComposedReply(template, (section,), spoken)
    pieces = [line.strip() for _, words in points for line in words.splitlines() if line.strip()]
    return replace(composed, runs=_runs(spoken, composed.text, pieces, quoted=True))


PUBLIC_TITLE = "Public reply"
PRIVATE_TITLE = "Then in private (a direct message, email or call)"


def _public(
    template: ReplyTemplate, points: list[Point], greeting: str, signature: str
) -> ComposedReply:
    """A short public reply (one paragraph) and, below it, the private message."""
    public = _greeted([p for p in points if p[0].place != "private"], greeting)
    private = _greeted([p for p in points if p[0].place == "private"], greeting)
    public_text = " ".join(public) + "\n"
    sections = [Section(PUBLIC_TITLE, public_text)]
    words = public_text
    if private:
        private_text = "\n\n".join(_signed(private, signature)) + "\n"
        sections.append(Section(PRIVATE_TITLE, private_text))
        words += "\n" + private_text
    composed = ComposedReply(template, tuple(sections), words, len(public_text.rstrip("\n")))
    pieces = [s.text.rstrip("\n") for s in sections]
    return replace(composed, runs=_runs(words, composed.text, pieces))


def _runs(
    words: str, text: str, pieces: Sequence[str], *, quoted: bool = False
) -> tuple[tuple[int, int, int], ...]:
    """Where each piece of `words` (in order) is in `words` and in `text` (`quoted`: shown
    between “ ” in `text`, so a label that contains the same words is not taken for it)."""
    runs = []
    in_words = in_text = 0
    for piece in pieces:
        w = words.find(piece, in_words)
        t = text.find(f"“{piece}”", in_text) + 1 if quoted else text.find(piece, in_text)
        if w < 0 or t < (1 if quoted else 0):  # not shown as it is: leave positions alone
            return ()
        runs.append((w, t, len(piece)))
        in_words, in_text = w + len(piece), t + len(piece)
    return tuple(runs)


def summary_of(message: str) -> str:
    """The complaint in one line: the message's first sentence that is not a greeting."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if lines and GREETINGS.match(lines[0]) and len(lines[0].split()) <= 4:
        lines = lines[1:]
    text = " ".join(" ".join(lines).split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) > SUMMARY_LIMIT:
        sentence = sentence[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return sentence
