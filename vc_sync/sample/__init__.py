"""The bundled sample programme used by ``vc-sync demo``."""
