"""Sound heard from the mat: tones and spoken cues, played by the system. No Textual."""
