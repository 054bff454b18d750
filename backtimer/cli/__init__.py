"""The command line's sub-commands, one module each. Only `run` starts the app; the
printing commands never import Textual."""
