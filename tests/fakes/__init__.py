"""Stateful fakes of the remote APIs, served over real HTTP on loopback."""
