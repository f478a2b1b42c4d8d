"""Reply-aware linting: lint's findings plus the context rules, judged with the customer's
message the reply answers (triage reads the customer, score reads the reply's elements)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from assist.lint.engine import Keep, LineIndex, Linter, finding_at, linter_for, selector
from assist.lint.engine import lint_text as lint_only
from assist.lint.findings import Finding
from assist.lint.language import Findings
from assist.model import Playbook
from assist.record import record
from assist.review.rules import (
    ACKNOWLEDGE,
    ALTERNATIVE,
    ANNOYED,
    CALM,
    CHASING,
    COMMITMENT,
    HOW,
    OPINION,
    REDIRECT,
    REFUSAL,
    TRIED,
    UPSET,
    ContextRule,
    ContextRules,
    context_rules,
    layered_rules,
    team_files,
)
from assist.score import scorer_for
from assist.score.engine import Scorecard
from assist.triage import Triager

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib: a cold `lint --reply-to` runs without it
    from pathlib import Path

LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
WORD = re.compile(r"[\w']+")
HASHTAG = re.compile(r"#(\w+)")
FRAGMENT = re.compile(r"\(?\b\d/\d\b\)?")
"""The "2/2" of a reply split over several posts."""
FIRST_PART = re.compile(r"\b1/[2-9]\b")
LATER_PART = re.compile(r"\b[2-9]/[2-9]\b")
"""The "2/2" of a later part: its apology or question, if any, is in the first part."""
HANDLE = re.compile(r"[@^~]\S+")
"""A handle, or an agent's "^AB" / "~AB" signature."""
NOT_WORDS = re.compile("|".join((LINK.pattern, HANDLE.pattern, FRAGMENT.pattern)))
SENTENCE = re.compile(r"[^.!?\n]*[.!?]*")
BANGS = re.compile(r"[!?]*![!?]*")
"""A run of "!" and "?" with at least one "!"."""
GREETINGS = frozenset(["hi", "hello", "hey", "hiya", "there", "dear", "ok", "okay", "so", "and"])
"""Words before a question's first word ("Hi, is it possible that ...")."""
MARKED = frozenset({ALTERNATIVE, REFUSAL})
"""Internal phrase rules that mark a reply element of the same id when they hit."""
PROMISES = ("followup", "timeframe")
"""Score's elements that promise a step: inside a redirect's sentence they wait on the
customer ("share your details here and we'll get back to you"), so they do not count."""
INTERROGATIVES = frozenset(
    ["who", "who's", "what", "what's", "which", "when", "where", "why", "is", "are", "was", "were"]
)
"""First words of a question about the problem (not "can/could/would you", a request)."""
AUXILIARIES = frozenset(["do", "does", "did", "has", "have"])
"""First words of a question only with its "?" ("Have a look here" is a request)."""
CONTENT_WORDS = 4
"""A sentence beside the redirect with this many words outside `courtesy-words` says something
about the problem (an answer, a reason, a reaction): the reply is not a bare redirect."""
CONTEXT_LANGUAGE = "en"
"""The language of context.yaml's word lists: a reply told to be in another is left to lint."""
SILENT_NOTE = "context rules silent: no customer message (give --reply-to FILE)"
"""Said in the output's header when a reply is linted without the message it answers."""


@record
class Customer:
    """What the context rules need to know about the customer's message."""

    upset: bool
    asserts: bool
    signals: frozenset[str]
    tried: bool = False
    """They say they already tried, wrote or called, or got no answer."""
    annoyed: bool = False
    """Upset, or at least annoyed (milder cues: "still not working")."""
    chasing: bool = False
    """They chase what they were sent to: the form filled twice, the mail that never came."""
    asks_how: bool = False
    """They ask how to do something ("how do I close my account?")."""
    calm: bool = False
    """They praise, laugh or joke ("Nice job, my friends", "lol", "😛")."""
    opines: bool = False
    """They comment on how things are done ("needless packaging"), not on a problem of theirs."""


@record
class Reply:
    """What the context rules need to know about the reply."""

    present: frozenset[str]
    """Score's reply elements found (plus `acknowledge` from the rules' extra cues)."""
    hits: dict[str, Finding]
    """First match of each reply-side phrase rule (the rules' reply phrases, redirect...)."""
    only_redirects: bool
    asks: bool = False
    """The reply asks about the problem (a question, or a request naming what to send)."""


class Reviewer:
    """Lint plus context rules for one playbook: build once, review many replies."""

    def __init__(
        self, linter: Linter, rules: ContextRules | None = None, *,
        phrases: Linter | None = None, cues: Linter | None = None, triager: Triager | None = None,
    ) -> None:  # fmt: skip
        """Compile the context rules' wording for `linter`'s playbook; `phrases`, `cues` and
        `triager` when given are those compiled already (assist.review.stored reads them
        back from the cache): the `rules`' reply-side and customer-side phrases and the
        playbook's signals."""
        self.linter = linter
        self.rules = rules if rules is not None else context_rules()
        playbook = linter.playbook
        rules = self.rules
        self.phrases = phrases if phrases is not None else Linter(rules.phrase_playbook(playbook))
        self.cues = cues if cues is not None else Linter(rules.customer_playbook(playbook))
        self.triager = triager if triager is not None else Triager(playbook)
        self.scorer = scorer_for(linter)

    def customer(self, message: str) -> Customer:
        """The customer's message read by triage and the rules' customer cues: upset,
        asserting a fact, already tried, triage signals named."""
        triage = self.triager.triage(message)
        signals = frozenset(e.signal for e in triage.evidence())
        cues = frozenset(f.rule for f in self.cues.lint(message))
        return _read_customer(self.rules, message, triage.upset.detected, signals, cues)

    def reply(self, text: str, *, path: str = "<text>", card: Scorecard | None = None) -> Reply:
        """The reply read by score (its elements; `card` when the caller scored it already:
        which elements are present does not depend on the score context) and the rules'
        reply-side wording."""
        if card is not None:
            spans = {
                e.id: tuple((v.offset, v.offset + v.length) for v in e.evidence)
                for e in card.elements
                if e.present
            }
        else:
            spans = self.scorer.spans(text)
        present = set(spans)
        found = self.phrases.lint(text, path=path)
        hits: dict[str, Finding] = {}
        for f in found:
            hits.setdefault(f.rule, f)
        if ACKNOWLEDGE in hits:
            present.add("acknowledge")
        present.update(MARKED & hits.keys())
        if "apology" in present:  # an apology acknowledges, and more
            present.add("acknowledge")
        if REDIRECT in hits:  # "DM us", "fill in your details here": a private way forward
            present.add("private-channel")
        redirects = [(f.offset, f.offset + f.length) for f in found if f.rule == REDIRECT]
        # a link's span stops before the sentence's end mark: "Have you tried <link>?" asks
        redirects += [(m.start(), m.start() + len(_link_core(m))) for m in LINK.finditer(text)]
        only, asks = _engagement(text, present, spans, hits, redirects, self.rules)
        # the first part of a split reply ("1/2") is not all it says: the answer goes on
        only = only and not FIRST_PART.search(text)
        return Reply(frozenset(present), hits, only, asks)

    def context_findings(
        self,
        text: str,
        reply_to: str,
        *,
        path: str = "<text>",
        card: Scorecard | None = None,
        learned: bool = True,
    ) -> list[Finding]:
        """Findings of the context rules for a reply `text` answering `reply_to` (`card`: the
        reply's scorecard, when the caller has it, so it is not scored twice; `learned`: the
        rules with a `model-says-fails` condition are judged, when no other rule holds)."""
        return self._judge(text, reply_to, path=path, card=card, learned=learned)[0]

    def _judge(
        self, text: str, reply_to: str, *, path: str, card: Scorecard | None, learned: bool
    ) -> tuple[list[Finding], bool]:
        """(the context rules' findings, whether the learned gate clears the reply: its
        findings are to be dropped; always False when not `learned`)."""
        customer = self.customer(reply_to)
        reply = self.reply(text, path=path, card=card)
        clears, fails = _verdict(text, reply_to, customer, reply) if learned else (False, None)
        found = [] if _bare_fragment(text) else self._rule_findings(text, customer, reply, path)
        if not found and learned:  # the model speaks only where no rule does
            model_rules = [r for r in self.rules.rules if r.model_says_fails is not None]
            found = _rule_hits(model_rules, text, customer, reply, path, fails)
        return found, clears

    def _rule_findings(
        self, text: str, customer: Customer, reply: Reply, path: str
    ) -> list[Finding]:
        """Findings of the context rules without a `model-says-fails` condition."""
        # a later part of a split reply ("2/2 have reported the issue ...", "(2/2) You can
        # learn more here") has its apology or question, if any, in the first part: only what
        # it says can be judged
        later = LATER_PART.search(text)
        judged = [r for r in self.rules.rules if r.reply_phrases] if later else None
        rules = self.rules.rules if judged is None else judged
        return _rule_hits(rules, text, customer, reply, path, None)

    def kept_context(
        self,
        text: str,
        reply_to: str,
        keep: Keep | None,
        *,
        path: str = "<text>",
        card: Scorecard | None = None,
        language: str | None = None,
    ) -> list[Finding]:
        """The context rules' findings that the selection `keep` keeps (context rules are
        rules in CONTEXT_LANGUAGE, selected by id as lint's are); none for a reply whose
        detected `language` is another (their word lists would not apply)."""
        if language not in (None, CONTEXT_LANGUAGE):
            return []
        found = self.context_findings(text, reply_to, path=path, card=card)
        return [f for f in found if keep is None or keep(f.rule, CONTEXT_LANGUAGE)]

    def with_context(
        self,
        findings: Iterable[Finding],
        text: str,
        reply_to: str,
        keep: Keep | None,
        *,
        path: str = "<text>",
        card: Scorecard | None = None,
        language: str | None = None,
    ) -> tuple[Finding, ...]:
        """Lint's `findings` for `text` with the kept context findings merged in, in order of
        position (then rule id), as every output lists them (`language`: see kept_context).
        The learned gate judges the whole: on a reply it clears (probability below its
        `t_gate`) no finding is kept; a `model-says-fails` finding only stands alone."""
        findings = tuple(findings)
        if language not in (None, CONTEXT_LANGUAGE):
            return findings
        extra, clears = self._judge(text, reply_to, path=path, card=card, learned=True)
        if clears:
            return ()
        extra = [f for f in extra if keep is None or keep(f.rule, CONTEXT_LANGUAGE)]
        if findings and extra:
            extra = [f for f in extra if not self._learned_rule(f.rule)]
        if not extra:
            return findings
        return tuple(sorted((*findings, *extra), key=lambda f: (f.offset, f.rule)))

    def _learned_rule(self, rule_id: str) -> bool:
        rule = self.rules.rule(rule_id)
        return rule is not None and rule.model_says_fails is not None

    def review(
        self,
        text: str,
        reply_to: str | None = None,
        *,
        path: str = "<text>",
        rules: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        languages: Iterable[str] | None = None,
    ) -> Findings:
        """Lint's findings, and with a customer message the context rules' findings too
        (`rules`/`ignore` select context rule ids as they do lint's). The result keeps lint's
        `.language` and `.checked`; a reply in a language other than the context rules' own
        gets lint's findings only."""
        findings = self.linter.lint(
            text, path=path, rules=rules, ignore=ignore, languages=languages
        )
        if reply_to is None:
            return findings
        keep = selector(rules, ignore, None)
        merged = self.with_context(
            findings, text, reply_to, keep, path=path, language=findings.language
        )
        return Findings(merged, findings.draft)


def words_of(text: str) -> set[str]:
    """Lower-case words of a text, apostrophes kept ("didn't")."""
    return {w.lower() for w in WORD.findall(text.replace("\u2019", "'"))}


def _rule_hits(
    rules: Iterable[ContextRule],
    text: str,
    customer: Customer,
    reply: Reply,
    path: str,
    fails: bool | None,
) -> list[Finding]:
    """The findings of the `rules` whose conditions hold (`fails`: see _holds)."""
    found = []
    for rule in rules:
        hit = _holds(rule, customer, reply, fails)
        if hit is not False:
            found.append(_finding(rule, text, path, hit if isinstance(hit, Finding) else None))
    return found


def _holds(
    rule: ContextRule, customer: Customer, reply: Reply, fails: bool | None
) -> Finding | bool | None:
    """False when a condition fails; else the phrase hit to point at (None: the whole reply).
    `fails`: the learned gate's verdict (None: not asked, so a rule that needs it fails)."""
    present = reply.present
    if rule.model_says_fails is not None and rule.model_says_fails != fails:
        return False
    if rule.customer_upset and not customer.upset:
        return False
    if rule.customer_annoyed and not customer.annoyed:
        return False
    if rule.customer_pressing and not (customer.upset or customer.chasing):
        return False
    if rule.customer_asks_how is not None and rule.customer_asks_how != customer.asks_how:
        return False
    if rule.customer_calm is not None and rule.customer_calm != customer.calm:
        return False
    if rule.customer_opines is not None and rule.customer_opines != customer.opines:
        return False
    if rule.customer_asserts and not customer.asserts:
        return False
    if rule.customer_tried and not customer.tried:
        return False
    if rule.customer_signals and not customer.signals & set(rule.customer_signals):
        return False
    if rule.reply_lacks and present & set(rule.reply_lacks):
        return False
    if rule.reply_lacks_any and set(rule.reply_lacks_any) <= present:
        return False
    if rule.reply_has and not set(rule.reply_has) <= present:
        return False
    if rule.reply_only_redirects and not reply.only_redirects:
        return False
    if rule.reply_asks_nothing and reply.asks:
        return False
    if rule.reply_phrases:
        return reply.hits.get(rule.id, False)
    return None


def _engagement(
    text: str,
    present: set[str],
    spans: dict[str, tuple[tuple[int, int], ...]],
    hits: dict[str, Finding],
    redirects: list[tuple[int, int]],
    rules: ContextRules,
) -> tuple[bool, bool]:
    """(only redirects, asks about the problem) for a reply.

    Only redirects: the reply sends the customer elsewhere (a link, a form, "contact us", "DM
    us") and does nothing else: no question about their problem, no fix or follow-up promise,
    no personal commitment ("I'll look into that for you"), and no sentence beside the
    redirect that says something (an answer, a reason, a reaction: CONTENT_WORDS words outside
    stock courtesy). A question that is itself the redirect ("Can you DM us your email?") does
    not ask about the problem; a redirect that names it ("DM us which device you're using")
    does. A time or follow-up promised in the redirect's own sentence waits on the
    customer's action ("share your details here and we'll get back to you"), and a "fix"
    that is the redirect itself ("we've sent you a correspondence") is none: neither is a
    step taken."""
    sends = bool(redirects) or "private-channel" in present
    asks = says = False
    sending: list[tuple[int, int]] = []
    # a link's dots ("t.co") do not end a sentence
    masked = LINK.sub(_masked_link, text)
    for sentence in SENTENCE.finditer(masked):
        start, end = sentence.span()
        if start == end:
            continue
        inside = [(a, b) for a, b in redirects if a < end and b > start]
        if inside:
            sending.append((start, end))
        else:
            if sentence.group().rstrip().endswith("?"):
                asks = True
            elif len(_content_words(text[start:end], rules.courtesy_words)) >= CONTENT_WORDS:
                says = True
            continue
        rest = text[start:end]
        for a, b in sorted(inside, reverse=True):
            rest = rest[: max(a, start) - start] + " " + rest[min(b, end) - start :]
        if {w.split("'")[0] for w in words_of(rest)} & rules.question_words or _asks_about(rest):
            asks = True
    acts = (
        COMMITMENT in hits
        or any(not _within(c, redirects) for c in spans.get("solution", ()))
        or any(not _within(c, sending) for e in PROMISES for c in spans.get(e, ()))
    )
    return sends and not (acts or asks or says), asks


def _link_core(link: re.Match[str]) -> str:
    """A link without the punctuation that ends the sentence around it."""
    return link.group().rstrip(".!?,;:)")


def _masked_link(link: re.Match[str]) -> str:
    """A link as letters of the same length, the sentence's end mark after it kept."""
    core = _link_core(link)
    return "L" * len(core) + link.group()[len(core) :]


def _asks_about(sentence: str) -> bool:
    """A real question around a link ("Who's the carrier: <link>?", "Is there a new date
    showing here: <link>"), not a request ("Can you contact us here: <link>?")."""
    words = [w.lower() for w in WORD.findall(HANDLE.sub(" ", sentence).replace("\u2019", "'"))]
    while words and words[0] in GREETINGS:
        words.pop(0)
    first = words[0] if words else ""
    return first in INTERROGATIVES or (first in AUXILIARIES and sentence.rstrip().endswith("?"))


def _bare_fragment(text: str) -> bool:
    """A reply with no words of its own (a part of a split reply, "2/2 <link>"; handles, a
    link or an emoji only): the words, if any, are elsewhere, so there is nothing here to
    judge against the customer's message."""
    return not WORD.search(NOT_WORDS.sub(" ", text))


def _within(span: tuple[int, int], areas: list[tuple[int, int]]) -> bool:
    """Whether the span starts inside one of the areas."""
    return any(a <= span[0] < b for a, b in areas)


def _content_words(sentence: str, courtesy: frozenset[str]) -> set[str]:
    """Words of a sentence that are not stock courtesy, handles or signatures."""
    words = words_of(re.sub(r"[@^*~]\S+|-\w+$", " ", sentence.strip()))
    return {w for w in words if w not in courtesy and not any(c.isdigit() for c in w)}


def _read_customer(
    rules: ContextRules,
    message: str,
    triage_upset: bool,
    signals: frozenset[str],
    cues: frozenset[str],
) -> Customer:
    """The customer as the rules see them, from triage's verdict and signals and the rules'
    own cue matches (`cues`: internal rule ids found in the message)."""
    sentences = re.split(r"(?<=[.!?])\s+", message)
    statements = [s for s in sentences if not s.rstrip().endswith("?")]
    asserts = any(words_of(s) & rules.assertion_words for s in statements)
    annoyed = ANNOYED in cues
    calm = CALM in cues or any(mark in message for mark in rules.calm_marks)
    # "!" that only closes a question ("do you do group bookings ?!") is urgency, not anger;
    # beside a statement of what went wrong ("How did I not get a ride!? Only one car") it is
    asking = _bangs_ask(message) and not asserts
    loud_signals = signals - {"exclamation"} if asking else signals
    # capitals, "!!!" or an emoji beside praise or laughter ("COMFORTABLE! #Relax") are joy
    loud = not calm and (
        any(mark in message for mark in rules.upset_marks)
        or bool(loud_signals & set(rules.upset_signals))
    )
    quiet = calm or loud_signals != signals
    upset = (
        (triage_upset and not (quiet and signals <= set(rules.upset_signals)))
        or UPSET in cues
        or loud
        or _complaint_tag(message, rules.upset_hashtags)
        # swearing about a problem is anger; swearing alone may be praise
        or (annoyed and bool(signals & set(rules.upset_signals_when_annoyed)))
    )
    tried = TRIED in cues
    chasing = tried or CHASING in cues
    opines = OPINION in cues
    return Customer(
        upset, asserts, signals, tried, upset or annoyed, chasing, HOW in cues, calm, opines
    )


def _bangs_ask(message: str) -> bool:
    """Whether every "!" in the message stands in a run with a "?" ("?!", "!?", "???!!!")."""
    runs = BANGS.findall(message)
    return bool(runs) and all("?" in run for run in runs)


def _complaint_tag(message: str, endings: tuple[str, ...]) -> bool:
    """A hashtag that ends in a complaint word ("#centurylinksucks", "#uberfail")."""
    return any(tag.lower().endswith(endings) for tag in HASHTAG.findall(message))


def _finding(rule: ContextRule, text: str, path: str, hit: Finding | None) -> Finding:
    start, end = (hit.offset, hit.offset + hit.length) if hit is not None else (0, 0)
    return finding_at(
        text, LineIndex(text), path, start, end, rule=rule.id, severity=rule.severity,
        phrase=hit.phrase if hit is not None else "", score=100 if hit is not None else 0,
        why=rule.why, suggestions=rule.say,
    )  # fmt: skip


def _verdict(text: str, reply_to: str, customer: Customer, reply: Reply) -> tuple[bool, bool]:
    """The learned gate's (clears, fails) for the reply (assist.review.learned.Model.verdict;
    the model's module and weights are loaded on the first reply judged with a customer
    message)."""
    from assist.review.learned import CUSTOMER, Reading, shipped_model

    flags = {k: getattr(customer, k) for k in CUSTOMER}
    reading = Reading(
        text, reply_to, flags, customer.signals, reply.present, reply.hits.keys(),
        reply.only_redirects, reply.asks,
    )  # fmt: skip
    return shipped_model().verdict(reading)


@cache
def _default_reviewer() -> Reviewer:
    return Reviewer(linter_for(None))


class _Reviewers:
    """Reviewers built in this process, by the Linter (checked by identity, as BuiltOnce does)
    and the team folders with their context files' sizes and modification times (an edited
    `context/` file is read again); at most MAX_BUILT kept."""

    MAX_BUILT = 8

    def __init__(self) -> None:
        self.built: dict[tuple[int, tuple[str, ...]], Reviewer] = {}

    def __call__(self, linter: Linter, team_dirs: tuple[Path, ...]) -> Reviewer:
        stamp = _context_stamp(team_dirs)
        key = (id(linter), stamp) if stamp is not None else None
        reviewer = self.built.get(key) if key is not None else None
        if reviewer is None or reviewer.linter is not linter:
            rules = layered_rules(team_dirs) if team_dirs else None
            reviewer = Reviewer(linter, rules)
            if key is not None:
                if len(self.built) >= self.MAX_BUILT:
                    self.built.clear()
                self.built[key] = reviewer
        return reviewer


def _context_stamp(team_dirs: tuple[Path, ...]) -> tuple[str, ...] | None:
    """The team folders and each of their context files' path, size and modification time;
    None when one cannot be looked at (then nothing is kept)."""
    try:
        files = team_files(team_dirs)
        lines = [str(d) for d in team_dirs]
        for file in files:
            stat = file.stat()
            lines.append(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}")
    except OSError:
        return None
    return tuple(lines)


_reviewers = _Reviewers()


def reviewer_for(
    playbook: Playbook | Linter | None = None, team_dirs: Iterable[Path] = ()
) -> Reviewer:
    """A Reviewer for the playbook (None: the built-in one), with the context rules of the
    built-in layer and of each team folder's `context/` (raises PlaybookErrors when a team
    layer has a problem): built once per process for the same Linter (or Playbook) and
    folders, again when a context file changes."""
    team_dirs = tuple(team_dirs)
    if playbook is None and not team_dirs:
        return _default_reviewer()
    return _reviewers(linter_for(playbook), team_dirs)


def lint_text(
    text: str,
    *,
    reply_to: str | None = None,
    playbook: Playbook | Linter | None = None,
    path: str = "<text>",
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> Findings:
    """Find the playbook's forbidden phrases in `text`; with `reply_to` (the customer's
    message it answers) also the context rules (docs/replies.md). Without it this is exactly
    `assist.lint.lint_text`."""
    if reply_to is None:  # no Reviewer: the context rules and their phrases would stay idle
        return lint_only(
            text, playbook=playbook, path=path, rules=rules, ignore=ignore, languages=languages
        )
    reviewer = reviewer_for(playbook)
    return reviewer.review(
        text, reply_to, path=path, rules=rules, ignore=ignore, languages=languages
    )
