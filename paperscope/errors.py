"""Errors a user can cause and fix; the CLI prints them as one line, without a traceback."""

from __future__ import annotations


class PaperscopeError(Exception):
    """Base of every user-facing error: the message says what went wrong and where."""


class StoreError(PaperscopeError):
    """The store file is missing, corrupt, locked, or of a newer schema than this code."""


class InputError(PaperscopeError):
    """A file, folder or argument given by the user cannot be used."""


class ServiceError(PaperscopeError):
    """A service paperscope talks to (Label Studio, a proceedings site) failed or refused."""
