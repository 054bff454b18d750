"""The training record: append-only history file, session journal, reader and stats (pure).

Nothing in this package imports Textual.
"""
