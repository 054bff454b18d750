"""Storage: where the app's files live and how each is read and written without loss
(history, journal, recovery, config, routine files). Builds on the core; no Textual."""
