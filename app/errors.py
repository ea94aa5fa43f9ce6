"""The two ways a service refuses: a value the form shows by its field, or a record that is not there.

Every service raises one of these (or a subclass that names what was not found); ``main.create_app``
registers one handler for ``NotFound`` (the 404 page, or the API's JSON 404), and the one form-page flow
(``app.form_pages``) shows a ``FieldError`` by its field with the error summary.
"""


class FieldError(Exception):
    """A value the rules refuse; ``field`` is the form field it belongs to, ``message`` what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFound(Exception):
    """No such record here, or none this user may know exists: answered 404 without saying which."""
