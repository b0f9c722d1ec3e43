"""Participant-log sources behind one protocol (see ``base``)."""
