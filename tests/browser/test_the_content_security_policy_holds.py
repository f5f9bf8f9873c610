"""The Content-Security-Policy (no 'unsafe-inline') holds in a real browser: the pages work with
nothing refused, and what the policy forbids — an inline script, a style attribute — is refused."""

import pytest

pytestmark = pytest.mark.browser

# Runs before any of the page's own code (Playwright injects it outside the policy) and records
# every violation the browser reports.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""

PAGES = ["/", "/moties/", "/moties/?q=sancties&outcome=aangenomen", "/moties/35207-83/", "/brieven/", "/brieven/{letter}/", "/dossiers/35207/",
         "/leden/jm-paternotte/", "/fracties/d66/", "/ministeries/buitenlandse-zaken/", "/over/", "/bestaat-niet/"]


def violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


def test_no_page_triggers_a_violation(site, page):
    from letters.models import Letter

    letter = Letter.objects.get()
    page.add_init_script(WATCH)
    for path in PAGES:
        response = page.goto(site + path.format(letter=letter.pk))
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "script-src 'self'" in policy and "style-src 'self'" in policy, path
        # Every stylesheet loaded: the pages are styled by static files alone.
        assert page.evaluate("() => [...document.styleSheets].every(s => s.href && s.cssRules.length > 0)"), path
        assert violations(page) == [], path


def test_inline_script_and_style_attributes_are_refused(site, page):
    page.add_init_script(WATCH)
    page.goto(site + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true";
            document.body.append(script);
            document.body.setAttribute("style", "background: red");
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    assert page.evaluate("() => window.__inlineRan") is None
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    found = " ".join(violations(page))
    assert "script-src" in found and "style-src" in found
