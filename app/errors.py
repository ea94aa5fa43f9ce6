"""The ways a service refuses: a value the form shows by its field, a step refused as a whole, or a record
that is not there.

Every service raises one of these (or a subclass that names what was not found); ``main.create_app``
registers one handler for ``NotFound`` (the 404 page, or the API's JSON 404), and the one form-page flow
(``app.form_pages``) shows a ``FieldError`` by its field with the error summary, and a ``Refused`` step on
its confirmation page.
"""


class FieldError(Exception):
    """A value the rules refuse; ``field`` is the form field it belongs to, ``message`` what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Refused(Exception):
    """A step the rules refuse as a whole (delete, restore), not one field: ``problems`` say why, in words;
    ``status`` is 409 when the step conflicts with the records as they are now, else 400."""

    status = 400

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class NotFound(Exception):
    """No such record here, or none this user may know exists: answered 404 without saying which."""
