"""A headless Chromium (Debian's chromium and chromium-driver, through selenium) pointed at a live sluice-api,
and the helpers the admin UI tests share. The browser reaches loopback only: every other host resolves to
nothing and goes to a proxy that does not exist, and Chromium's background services are off."""

import json
import os
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["SLUICE_UI_URL"].rstrip("/")
PORT = BASE.rsplit(":", 1)[1]
SCREENSHOTS = os.environ["SLUICE_UI_SCREENSHOTS"]
# A second site on the same server, for cross-site requests: Chromium maps the name to 127.0.0.1.
OTHER_SITE = f"http://evil.test:{PORT}"
USERS = {
    "admin": ("ui-admin@example.com", "admin password 1234"),
    "viewer": ("ui-viewer@example.com", "viewer password 1234"),
}


def http(method, path, body=None, headers=None, base=BASE):
    """One request outside the browser: (status, headers, body bytes)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def make_driver(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ["SLUICE_CHROMIUM"]
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection", "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
        "--metrics-recording-only", "--safebrowsing-disable-auto-update", "--dns-prefetch-disable",
        "--host-resolver-rules=MAP evil.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;evil.test",
    ]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False, "safebrowsing.enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=os.environ["SLUICE_CHROMEDRIVER"]), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


class UITestCase(unittest.TestCase):
    """One browser for all tests; each test starts signed out and ends with a screenshot of its page."""

    @classmethod
    def setUpClass(cls):
        cls.downloads = tempfile.mkdtemp(prefix="sluice-ui-downloads-")
        cls.driver = make_driver(cls.downloads)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def setUp(self):
        self.open("")
        self.driver.execute_script("sessionStorage.clear()")
        self.driver.delete_all_cookies()
        self.open("")
        self.wait_for(lambda: self.driver.find_elements(By.ID, "signin-password"), "the sign-in form")

    def tearDown(self):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{self._testMethodName}.png"))

    # Navigation and waiting

    def open(self, route, base=BASE):
        """A full page load of /ui/#/route (never a same-document hash change)."""
        self.driver.get("about:blank")
        self.driver.get(f"{base}/ui/#/{route}")

    def wait_for(self, condition, what, timeout=20):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(lambda _: condition())
        except Exception as error:
            raise AssertionError(f"timed out waiting for {what}; page text: {self.driver.find_element(By.TAG_NAME, 'body').text[:800]}") from error

    def wait_ready(self, page):
        self.wait_for(lambda: self.driver.execute_script("return document.body.dataset.ready") == page, f"page {page!r} to render")

    def show(self, route):
        self.open(route)
        self.wait_ready(route.split("?")[0] or "overview")

    def text(self, css):
        """The element's text, read in one step: auto-refresh may replace the element at any moment."""
        text = self.driver.execute_script("return document.querySelector(arguments[0])?.innerText ?? null", css)
        if text is None:
            raise AssertionError(f"no element {css}")
        return text

    def texts(self, css):
        return self.driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", css)

    def click(self, xpath):
        """Clicks the element, finding it again if auto-refresh replaced it in between."""
        def attempt():
            try:
                self.driver.find_element(By.XPATH, xpath).click()
                return True
            except (StaleElementReferenceException, NoSuchElementException):
                return False
        self.wait_for(attempt, f"to click {xpath}")

    def confirm(self):
        button = self.wait_for(lambda: self.driver.find_elements(By.CSS_SELECTOR, "dialog[open] .confirm-yes"), "the confirm dialog")[0]
        button.click()

    # Signing in

    def sign_in(self, who):
        email, password = USERS[who]
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "#signin-password button[type=submit]").click()
        self.wait_ready("overview")

    def session_cookie(self):
        return next((c for c in self.driver.get_cookies() if c["name"] == "sluice_session"), None)

    def page_fetch(self, method, path, headers=None, base=""):
        """fetch() from the page itself, with the browser's cookies: (status, parsed JSON or None)."""
        return self.driver.execute_async_script(
            """
            const [method, path, headers, done] = arguments;
            fetch(path, {method, headers, credentials: "include"})
              .then(async (r) => done([r.status, await r.json().catch(() => null)]))
              .catch((e) => done([0, String(e)]));
            """,
            method, base + path, headers or {},
        )

    def csp_violations(self):
        return [entry["message"] for entry in self.driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def api_as_super(method, path, body=None):
    return http(method, path, body, {"Authorization": f"Bearer {os.environ['SLUICE_UI_SUPER_KEY']}"})


def wait_until(condition, what, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
