"""Google credentials from a service-account or authorised-user JSON file (google-auth)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from vc_sync.errors import InputError, Problem

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
SPREADSHEET_ID = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")  # in a sheet's address


def load(path: str, scopes: Sequence[str], *, subject: str | None = None, where: str = "credentials") -> Any:
    """Credentials for ``scopes``; a service account acts as ``subject`` (domain-wide delegation)."""
    from google.oauth2 import credentials as user_credentials
    from google.oauth2 import service_account

    try:
        with open(path, encoding="utf-8") as fh:
            info = json.load(fh)
    except OSError as exc:
        raise InputError(Problem(where, f"cannot read {path}: {exc.strerror}")) from None
    except ValueError as exc:
        what = f"{_name(path)} is not a credentials JSON file ({exc}); {GET_KEY}"
        raise InputError(Problem(where, what)) from None
    kind = info.get("type") if isinstance(info, dict) else None
    if kind == "service_account":
        try:
            creds = service_account.Credentials.from_service_account_info(info, scopes=list(scopes))
        except (ValueError, KeyError) as exc:
            raise InputError(
                Problem(where, f"{_name(path)} is not a usable service-account key ({exc}); {GET_KEY}")
            ) from None
        return creds.with_subject(subject) if subject else creds
    if kind == "authorized_user":
        missing = {"refresh_token", "client_id", "client_secret"} - set(info)
        if missing:
            raise InputError(
                Problem(
                    where,
                    f"{_name(path)} lacks {', '.join(sorted(missing))}: make it again with "
                    "vc-sync auth google --client-secrets client.json --out token.json",
                )
            )
        # from_authorized_user_info always uses Google's token endpoint; honour the file's
        return user_credentials.Credentials(
            None,
            refresh_token=info["refresh_token"],
            client_id=info["client_id"],
            client_secret=info["client_secret"],
            scopes=list(scopes),
            token_uri=info.get("token_uri") or GOOGLE_TOKEN_URI,
        )
    raise InputError(
        Problem(
            where,
            f"{_name(path)}: unsupported credentials type {kind!r} (use a service-account key, or the "
            "token.json vc-sync auth google writes; an OAuth client's own JSON is its --client-secrets)",
        )
    )


GET_KEY = "download the key again: IAM & Admin › Service accounts › Keys › Add key › JSON"


def _name(path: str) -> str:
    import os

    return os.path.basename(path) or path


# Every Google scope vc_sync asks for, in one place: ``auth google`` and the clients use these.
SCOPES = {
    "meet": "https://www.googleapis.com/auth/meetings.space.readonly",
    "sheets": "https://www.googleapis.com/auth/spreadsheets",
    "directory": "https://www.googleapis.com/auth/admin.directory.user.readonly",
    "reports": "https://www.googleapis.com/auth/admin.reports.audit.readonly",
}


def installed_app_token(
    client_secrets: str, out: str, *, meet: bool, sheets: bool, directory: bool, reports: bool = False
) -> str:
    """The installed-app OAuth flow (a browser on this machine), asking only for the scopes
    named; the authorised-user token is written readable by its owner only."""
    import os

    from google_auth_oauthlib.flow import InstalledAppFlow

    asked = (("meet", meet), ("sheets", sheets), ("directory", directory), ("reports", reports))
    scopes = [SCOPES[k] for k, on in asked if on]
    if not scopes:
        raise InputError(Problem("--meet/--sheets/--directory/--reports", "ask for at least one scope"))
    try:
        flow = InstalledAppFlow.from_client_secrets_file(client_secrets, scopes=scopes)
    except (OSError, ValueError) as exc:
        raise InputError(Problem(client_secrets, f"not an OAuth client secrets file: {exc}")) from None
    creds = flow.run_local_server(port=0, open_browser=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(creds.to_json())
    os.chmod(out, 0o600)
    return out
