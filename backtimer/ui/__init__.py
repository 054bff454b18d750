"""The Textual app: screens, widgets, the command palette and the stylesheet. It only
renders the core's state and forwards keys."""
