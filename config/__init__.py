"""Domain data shipped with vc_sync (installed as ``vc_sync.domain_data``).

``names.toml`` holds the words around Indonesian names; ``agencies.toml`` the units,
region forms and other agencies that display names refer to. A programme extends both
through ``[matching] data = [...]`` in its config file.
"""
