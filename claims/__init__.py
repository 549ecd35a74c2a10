"""Breach claims: case management for individual data-breach compensation claims.

The app is built by ``claims.app.create_app``; importing this package (or ``claims.domain``)
builds nothing.
"""
