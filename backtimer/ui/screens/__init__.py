"""One module per screen; each renders state and forwards keys."""
