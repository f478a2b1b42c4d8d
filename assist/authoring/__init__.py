"""Tools for playbook authors: examples as tests, quality checks, starter team folders."""
