"""Typed domain errors. The API maps each to one application/problem+json response."""

from __future__ import annotations


class GraphsvcError(Exception):
    """Base class; ``status`` is the HTTP status the API answers with."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(GraphsvcError):
    status = 422
    title = "Invalid input"


class BadCursor(InvalidInput):
    """A pagination cursor that is not in the declared format (400, not 422: it is opaque
    state handed back, not a field the client filled in)."""

    status = 400
    title = "Bad cursor"


class BadEncoding(GraphsvcError):
    status = 400
    title = "Bad encoding"


class NotFound(GraphsvcError):
    status = 404
    title = "Not found"


class Conflict(GraphsvcError):
    status = 409
    title = "Conflict"


class PayloadTooLarge(GraphsvcError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(GraphsvcError):
    status = 415
    title = "Unsupported media type"


class Unauthorized(GraphsvcError):
    status = 401
    title = "Unauthorized"


class FormExpired(GraphsvcError):
    """An HTML form posted without a valid CSRF token."""

    status = 403
    title = "Forbidden"


class InputFileError(GraphsvcError):
    """A malformed input file for the CLI: names the file and the line."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {detail}")
        self.path = path
        self.line = line


class Unavailable(GraphsvcError):
    """Temporarily unable to answer: the API sends 503 with ``Retry-After: retry_after``."""

    status = 503
    title = "Service unavailable"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class QueueFull(Unavailable):
    """The ingestion queue holds as many items as allowed: come back after ``retry_after`` s."""


class DatabaseUnavailable(Unavailable):
    """The database cannot be opened or reached (a server down, a file that cannot be
    opened, a lock held too long); ``reason`` is the short cause for logs and messages."""

    def __init__(self, detail: str, *, reason: str = "", retry_after: int = 5) -> None:
        super().__init__(detail, retry_after)
        self.reason = reason
