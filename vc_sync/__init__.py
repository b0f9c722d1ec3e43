"""vc_sync: reconcile video-conference participant logs against an invitee roster."""

__version__ = "0.1.0"
