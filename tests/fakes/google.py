"""Credential files that point Google's client libraries at a fake's token endpoint."""

from __future__ import annotations

import json
from typing import Any


def google_user_credentials(programme: Any, token_uri: str, name: str = "google.json") -> str:
    """An authorised-user credentials file whose token endpoint is a fake's."""
    programme.write(
        name,
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "cid.apps.googleusercontent.com",
                "client_secret": "gsecret-77",
                "refresh_token": "1//refresh-token-xyz",
                "token_uri": token_uri,
            }
        ),
    )
    return name
