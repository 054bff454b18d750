"""The training record on disk: the append-only history file, the journal of a session in
progress, crash recovery, the reader and the derived index. No Textual."""
