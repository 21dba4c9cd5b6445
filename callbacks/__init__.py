"""The app's callbacks, one module per concern; each module's ``register(app)`` adds them to an app."""

from __future__ import annotations

from dash import Dash

from callbacks import data, explorer, forecast, history, mapping, navigation, shell, users

MODULES = (shell, navigation, explorer, history, data, users, mapping, forecast)


def register_all(app: Dash) -> None:
    """Register every callback on ``app`` (once per app; a second app gets its own)."""
    for module in MODULES:
        module.register(app)
