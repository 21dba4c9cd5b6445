"""Dash-side helpers shared by pages and callbacks: URLs, the cached figure service, charts, components."""
