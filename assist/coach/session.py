"""One `assist coach` run: wire the flow to a responder (terminal or answers file) and to
the case log (through the Recorder), and say where the case was saved.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from assist.coach import view
from assist.coach.answers import START, Answers, AnswersError
from assist.coach.flow import (
    INTAKE,
    Answer,
    CaseData,
    Escalate,
    Event,
    Flow,
    Quit,
    Script,
)
from assist.coach.prompts import Terminal, ask_event
from assist.coach.reading import triage_reader
from assist.coach.recorder import Recorder, case_data
from assist.coach.reply import summary_of
from assist.coach.scoring import score_check
from assist.coach.wording import ChannelCheck
from assist.errors import UsageError
from assist.score.engine import Scorer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from assist.caselog.store import CaseStore
    from assist.lint.engine import Linter
    from assist.model import Playbook
    from assist.review.rules import ContextRules

Respond = Callable[[Flow], Event]
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class CoachRequest:
    """What the command line asked for."""

    case_id: int | None = None
    resume: bool = False
    type: str | None = None
    channel: str | None = None
    customer: str | None = None
    summary: str | None = None
    leaving: str | None = None
    """'yes' or 'no': whether the customer has said they are leaving (asked when None)."""
    answers: Path | None = None
    output: Path | None = None
    db: Path | None = None
    message: str | None = None
    """The customer's message, read from --message FILE."""

    @property
    def preset(self) -> dict[str, str]:
        """Intake answers given as options."""
        values = {name: getattr(self, name) for name in INTAKE}
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class CoachSetup:
    """What the command line settled before the walkthrough: the compiled playbook, the
    config's lint selection (so drafts are linted as `assist lint` would) and the team
    folders it was loaded from (their `context/` layers judge the final reply)."""

    linter: Linter
    ignore: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None
    signature: str = ""
    team_dirs: tuple[Path, ...] = ()


def drive(flow: Flow, respond: Respond, recorder: Recorder, term: Terminal) -> Flow:
    """Run the flow to its end (closed or quit), recording as it goes."""
    while not flow.finished:
        flow, effects = flow.handle(respond(flow))
        for message in recorder.record(flow, effects):
            term.show(Text(message))
    return flow


class Interactive:
    """Answers prompts from the agent at a terminal, showing the guidance around each one."""

    def __init__(self, term: Terminal, recorder: Recorder) -> None:
        self.term = term
        self.recorder = recorder
        self.profile_shown = False
        self.summary_shown: str | None = None
        self.header: RenderableType | None = None
        """Shown once before the first question (the resume header)."""

    def __call__(self, flow: Flow) -> Event:
        """Show what belongs with the current question, then ask it."""
        if flow.notice:
            self.term.show(Text(flow.notice))
        if flow.error:
            self.term.show(Text(flow.error, style="bold"))
        else:
            self._context(flow)
        try:
            return ask_event(self.term, flow.prompt)
        except EOFError:  # end of input (Ctrl-D): stop, keeping what was entered
            return Quit()

    def _context(self, flow: Flow) -> None:
        prompt, playbook, show = flow.prompt, flow.script.playbook, self.term.show
        if self.header is not None:
            show(self.header)
            self.header = None
        if prompt.asks == "customer" and "message" in flow.script.fixed and flow.case.message:
            show(view.message_excerpt(flow.case.message))  # not typed here: show what was read
        elif prompt.asks == "type" and playbook.customer_types:
            show(view.customer_types(playbook))
            show(view.guess(flow))
        elif prompt.asks == "leaving":
            show(view.leaving_hint(flow))
        elif prompt.guide and flow.pos.item == 0:
            first = not self.profile_shown
            self.profile_shown = True
            if first:  # the card takes the place of the first step's tips, to fit 80x24
                show(view.case_card(flow))
            show(view.step(prompt.guide, playbook, flow, tips=not first))
        elif prompt.asks == "escalate":
            show(view.escalation_menu(playbook))
        elif prompt.trigger is not None:
            show(view.escalation(prompt.trigger))
        elif prompt.asks == "review" and prompt.report is not None:
            show(view.report(prompt.report))
        elif prompt.asks == "finish" and self.summary_shown != flow.reply:
            self.summary_shown = flow.reply  # shown again only when the reply changed
            view.print_summary(self.term.console, flow, self.recorder.case_id)


class FromAnswers:
    """Answers prompts from an answers file, printing findings, guidance and the summary."""

    def __init__(self, answers: Answers, source: Path, term: Terminal, recorder: Recorder) -> None:
        self.answers = answers
        self.source = source
        self.term = term
        self.recorder = recorder
        self.pending = {step: list(ids) for step, ids in answers.escalations.items()}
        self.raising = ""
        self.started = False

    def __call__(self, flow: Flow) -> Event:
        """The answer the file gives to the current question."""
        prompt, answers = flow.prompt, self.answers
        if flow.error:
            raise AnswersError(f"{self.source}: {prompt.key}: {flow.error}")
        kind, ref = prompt.asks, prompt.ref
        if kind in INTAKE:
            given = getattr(answers, kind)
            return Answer(given if given is not None else prompt.default or _DEFAULTS.get(kind, ""))
        if prompt.guide is not None and flow.pos.item == 0:
            raising = self._escalation(prompt.guide.step.id)
            if raising is not None:
                return raising
        if kind == "escalate":
            return Answer(self.raising)
        if kind == "guidance":
            self.term.show(view.escalation(prompt.trigger))  # type: ignore[arg-type]
            return Answer("back")
        if kind == "note":  # a resumed case keeps what it has; the file fills the gaps
            value = flow.case.notes.get(ref, answers.notes.get(ref))
            return Answer(prompt.default if value is None else value)
        if kind == "draft":  # an empty answer keeps a draft the case already has
            return Answer("" if ref in flow.case.drafts else answers.drafts.get(ref, ""))
        if kind == "review" and prompt.report is not None:
            self.term.show(view.report(prompt.report))
            return Answer("keep")
        return self._finish(flow)

    def _escalation(self, step_id: str) -> Event | None:
        """Raise the escalations the file lists for this step (START: at the first step)."""
        if not self.started:  # a plain list is raised at the first step asked
            self.started = True
            first = self.pending.pop(START, [])
            self.pending[step_id] = [*first, *self.pending.get(step_id, [])]
        queue = self.pending.get(step_id) or []
        if not queue:
            return None
        self.raising = queue.pop(0)
        return Escalate()

    def _finish(self, flow: Flow) -> Event:
        if flow.prompt.asks == "reply":
            return Answer(self.answers.reply or "")
        if self.answers.reply and flow.case.reply != self.answers.reply:
            return Answer("edit")
        view.print_summary(self.term.console, flow, self.recorder.case_id)
        return Answer("done")


_DEFAULTS = {"type": "not-sure", "channel": "other", "customer": "", "message": "", "leaving": "no"}


def run_coach(request: CoachRequest, setup: CoachSetup, console: Console) -> int:
    """Run `assist coach` as requested; returns the exit code.

    Raises UsageError (one line each) for anything that stops the run before it starts:
    unknown preset ids, an unreadable answers file, no terminal, a case-log problem.
    """
    from assist.caselog.store import StoreError

    playbook, script = _script(request, setup)
    answers = _answers(request, playbook)
    try:
        with _open_store(request.db) as store:
            flow, recorder = _begin(request, script, store)
            if answers is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise UsageError(
                    "assist coach: no terminal to ask questions on; use --answers FILE"
                )
            return _run(request, flow, recorder, answers, console)
    except (StoreError, AnswersError) as exc:
        raise UsageError(str(exc)) from None


def _run(
    request: CoachRequest, flow: Flow, recorder: Recorder, answers: Answers | None, console: Console
) -> int:
    from assist.coach.prompts import PromptToolkitTerminal

    term: Terminal = PromptToolkitTerminal(console)
    interactive = Interactive(term, recorder)
    if request.resume:
        interactive.header = view.resume_header(flow, recorder.case_id)
    respond: Respond = interactive
    if answers is not None:
        if request.resume:
            term.show(view.resume_header(flow, recorder.case_id))
        respond = FromAnswers(answers, request.answers or Path(), term, recorder)
    try:
        flow = drive(flow, respond, recorder, term)
    except KeyboardInterrupt:
        console.print()
        _saved(console, recorder, request)
        return EXIT_INTERRUPTED
    if flow.pos.phase == "quit":
        _saved(console, recorder, request)
    if recorder.problems:
        return EXIT_USAGE
    return EXIT_OK


def _saved(console: Console, recorder: Recorder, request: CoachRequest) -> None:
    if recorder.case_id is None:
        console.print("Nothing was recorded.", markup=False)
        return
    db = f" --db {request.db}" if request.db else ""
    case_id = recorder.case_id
    console.print(
        f"Case {case_id} saved. Continue with: assist coach --resume {case_id}{db}",
        markup=False,
        soft_wrap=True,
    )


def _script(request: CoachRequest, setup: CoachSetup) -> tuple[Playbook, Script]:
    from assist.coach.flow import check_preset

    playbook = setup.linter.playbook
    problems = check_preset(playbook, CaseData(type=request.type, channel=request.channel))
    if problems:
        raise UsageError(*(f"assist coach: {problem}" for problem in problems))

    scorer = Scorer(setup.linter)
    context = _context_rules(setup.team_dirs)
    check = ChannelCheck(playbook, score_check(scorer, setup.ignore, setup.languages, context))
    output = str(request.output) if request.output else None
    script = Script(
        playbook, check, date.today(), frozenset(request.preset), output,
        reader=triage_reader, signature=setup.signature, ask_all=request.answers is not None,
    )  # fmt: skip
    return playbook, script


def _context_rules(team_dirs: tuple[Path, ...]) -> ContextRules | None:
    """The context rules with the team folders' `context/` layers, read at the start as the
    phrases are (None: no team layer, the built-in rules); a bad layer stops the run before
    it begins (UsageError: one `file:line:col: message` line per problem)."""
    from assist.errors import PlaybookErrors
    from assist.review.rules import layered_rules, team_files

    try:
        if not team_files(team_dirs):
            return None
        return layered_rules(team_dirs)
    except PlaybookErrors as exc:
        raise UsageError(*(str(error) for error in exc.errors)) from None
    except OSError as exc:
        raise UsageError(f"assist coach: cannot read a team context layer ({exc})") from None


def _answers(request: CoachRequest, playbook: Playbook) -> Answers | None:
    from assist.coach.answers import load_answers

    if request.answers is None:
        return None
    try:
        answers = load_answers(request.answers, playbook)
    except AnswersError as exc:
        raise UsageError(str(exc)) from None
    # options given on the command line win (INTAKE fields, all text)
    return replace(answers, **request.preset)  # type: ignore[arg-type]


def _open_store(db: Path | None) -> CaseStore:
    from assist.caselog.store import CaseStore, default_db_path

    return CaseStore(db or default_db_path())


def _begin(request: CoachRequest, script: Script, store: CaseStore) -> tuple[Flow, Recorder]:
    """A new flow, or the flow of the case to resume, with its recorder."""
    if not request.resume:
        if request.case_id is not None:
            raise UsageError("assist coach: to continue a case, use --resume ID")
        intake = CaseData(**request.preset)  # type: ignore[arg-type]  # INTAKE fields, all text
        if intake.message and intake.summary is None:
            intake = replace(intake, summary=summary_of(intake.message))
        return Flow.start(script, intake), Recorder(store)
    if request.preset:
        raise UsageError(
            "assist coach: --resume continues a case as recorded; leave out the intake options"
        )
    from assist.caselog.store import current_agent

    case_id = request.case_id
    if case_id is None:  # on a shared database, your own latest case
        case_id = store.latest_open(current_agent())
    case = store.get_case(case_id) if case_id is not None else None
    if case is None:
        what = f"no case {case_id}" if case_id is not None else "no unfinished case"
        raise UsageError(f"assist coach: {what} to resume in {store.path}")
    if case.status != "open":
        raise UsageError(
            f"assist coach: case {case.id} is already closed (see: assist cases show {case.id})"
        )
    script = replace(script, fixed=frozenset())
    flow = Flow.resume(script, case_data(case), case.position)
    return flow, Recorder(store, case.id, case.position)
