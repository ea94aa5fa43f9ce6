"""One helper for every page test: parse the HTML, check what every page must have, select text."""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag
from httpx import Response
from jinja2 import Environment, UndefinedError

from app.templating import templates

FIELD_TAGS = ("input", "select", "textarea")
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "image", "reset"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Page:
    response: Response
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    def select(self, selector: str) -> list[Tag]:
        return list(self.soup.select(selector))

    def texts(self, selector: str) -> list[str]:
        return [normalise(tag.get_text(" ")) for tag in self.soup.select(selector)]

    def text(self, selector: str = "main") -> str:
        return " ".join(self.texts(selector))

    @property
    def errors(self) -> list[str]:
        return self.texts(".govuk-error-summary__list li")

    def field_errors(self) -> dict[str, str]:
        found = {}
        for message in self.soup.select(".govuk-error-message"):
            identifier = str(message.get("id", "")).removesuffix("-error")
            found[identifier] = normalise(message.get_text(" ")).removeprefix("Error:").strip()
        return found

    def value(self, name: str) -> str | None:
        tag = self.soup.find(attrs={"name": name})
        if tag is None:
            return None
        if tag.name == "textarea":
            return tag.get_text()
        return str(tag.get("value", ""))

    def checked(self, name: str) -> list[str]:
        return [str(t.get("value")) for t in self.soup.select(f'input[name="{name}"][checked]')]

    def csrf(self) -> str:
        tag = self.soup.select_one('meta[name="csrf-token"]')
        assert tag is not None
        return str(tag["content"])

    def links(self) -> dict[str, str]:
        return {normalise(a.get_text(" ")): str(a.get("href")) for a in self.soup.select("main a[href]")}


def check_strict_templates(env: Environment = templates.env) -> None:
    """A variable missing from one of the app's templates must fail the render (and so the page test),
    not print as blank text: a page's text cannot show that a lenient Undefined swallowed something."""
    try:
        env.from_string("{{ page.missing }}").render(page={})
    except UndefinedError:
        return
    raise AssertionError("the app's templates render a missing variable instead of failing")


def check_page(response: Response, *, lang: str = "en", service_title: bool = True) -> Page:
    """Parse an HTML page and assert what every page must have. Residents' pages are titled by their place,
    not the service (``service_title``), and may be in Welsh (``lang``)."""
    assert "text/html" in response.headers.get("content-type", ""), response.headers.get("content-type")
    soup = BeautifulSoup(response.text, "html.parser")
    title = soup.title.get_text().strip() if soup.title else ""
    assert title and (not service_title or "Cohesion Strategy Toolkit" in title), (
        f"page title missing: {title!r}"
    )
    assert soup.find("html", attrs={"lang": lang}) is not None
    assert soup.select_one("main#main-content") is not None, "no main landmark"
    headings = soup.select("main h1")
    assert len(headings) == 1, f"expected one h1, found {len(headings)}"

    # Every element's id, those inside inline SVG charts (their titles and descriptions) included.
    ids = [str(tag["id"]) for tag in soup.find_all(attrs={"id": True})]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    known = set(ids)
    for attribute in ("aria-labelledby", "aria-describedby"):
        for tag in soup.find_all(attrs={attribute: True}):
            missing = [ref for ref in str(tag[attribute]).split() if ref not in known]
            assert not missing, f"{attribute} names no element: {missing} on <{tag.name}>"

    labelled = {str(label.get("for")) for label in soup.find_all("label") if label.get("for")}
    for tag in soup.find_all(FIELD_TAGS):
        if tag.name == "input" and str(tag.get("type", "text")) in UNLABELLED_INPUT_TYPES:
            continue
        has_label = tag.get("id") in labelled or tag.get("aria-label") or tag.find_parent("label")
        assert has_label, f"field without a label: {tag}"

    for form in soup.find_all("form"):
        assert form.get("action"), f"form without an action: {form.get('id') or form}"
        if str(form.get("method", "get")).lower() == "post":
            assert form.select_one('input[name="csrf_token"]'), (
                f"post form without a CSRF token: {form.get('action')}"
            )

    if soup.select(".govuk-error-message"):
        summary = soup.select_one(".govuk-error-summary")
        assert summary is not None, "field errors without an error summary"
        assert title.startswith("Error:"), "page with errors must start its title with 'Error:'"
    for leaked in ("Traceback", "{{", "{%"):
        assert leaked not in response.text, f"template leak: {leaked}"
    check_strict_templates()
    return Page(response=response, soup=soup)
