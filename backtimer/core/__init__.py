"""The core: routines, the session plan and clock, the training record's meaning, and the
text shown for them. Plain Python with no Textual and no files of its own."""
