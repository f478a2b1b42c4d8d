"""Audit a whole helpdesk archive: read exports in partitions, run the same pure per-message
function on every message (local processes or a Dask cluster), and sum the results.

Engine code: never prints, never exits; `assist.cli.audit` is the command.
"""
