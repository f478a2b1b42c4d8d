"""`assist coach`: walk an agent through one complaint, step by step.

state.py holds the vocabulary (events, effects, the case, prompts); flow.py is the
walkthrough as a pure state machine; prompts.py asks questions at a terminal; view.py renders
guidance; answers.py reads an answers file; reply.py assembles the proposed reply;
session.py wires them to the case log (assist/store.py); logview.py prints the case log for
`assist cases`, `assist followups` and `assist report`.
"""
