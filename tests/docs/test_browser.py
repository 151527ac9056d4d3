"""The built documentation site in a real headless Chromium (Debian's chromium package).

The site is built with ``mkdocs build --strict`` into a temporary folder, served on
localhost by a test HTTP server, and driven through chromedriver: a rulebook page must
show its score sheet, and Chinese queries typed into the search box must find the pages
that hold those clauses.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment_rules import ExecutionRateScore, bundled_rulebooks, load_rulebook

selenium = pytest.importorskip("selenium", reason="selenium is in the test extra")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
)


def _browser_binaries() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def _install_chromium() -> str:
    """Install Debian's chromium and its driver when possible; return why not otherwise."""
    if not shutil.which("apt-get"):
        return "apt-get is not available to install Debian's chromium"
    if os.geteuid() != 0:
        return "installing chromium needs root (apt-get install chromium chromium-driver)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
    ):
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=900, check=False
        )
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return ""


@pytest.fixture(scope="module")
def binaries() -> tuple[str, str]:
    found = _browser_binaries()
    if found is None:
        why = _install_chromium()
        found = _browser_binaries()
        if found is None:
            message = f"chromium is not installable here: {why or 'binaries still missing'}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keeps the test output free of one line per request."""


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(
    binaries: tuple[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[webdriver.Chrome]:
    chromium, driver = binaries
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.set_page_load_timeout(60)
    try:
        yield chrome
    finally:
        chrome.quit()


def search(browser: webdriver.Chrome, base_url: str, query: str) -> list[str]:
    """Type *query* into the site's search box and return the result links, best first."""
    browser.get(f"{base_url}/")
    browser.execute_script("document.getElementById('__search').checked = true")
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    WebDriverWait(browser, 30).until(lambda _: box.is_displayed())
    box.clear()
    box.send_keys(query)
    try:
        WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")
        )
    except TimeoutException:
        return []
    links = browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")
    return [str(link.get_attribute("href")) for link in links]


def _page(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


class TestScoreSheetPage:
    def test_rulebook_page_shows_the_official_layout(
        self, browser: webdriver.Chrome, base_url: str
    ) -> None:
        """The Wujin 2021 page renders its score sheet with the five printed columns."""
        browser.get(f"{base_url}/rulebooks/wujin-2021-departments/")
        table = WebDriverWait(browser, 30).until(
            lambda b: b.find_element(By.CSS_SELECTOR, ".score-sheet table")
        )
        headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert headers == ["序号", "项目", "考核内容", "考核标准", "分值"]
        assert table.is_displayed() and table.size["height"] > 500
        # Seed 004: two items under 一、组织领导, five under 二、重点工作, one each under
        # 三 and 四, 五、事故控制 as one line with its three vetoes, the bonus part and
        # the 合计 row.
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert len(rows) == 2 + 5 + 1 + 1 + 1 + 1 + 1
        first = rows[0].find_elements(By.TAG_NAME, "td")
        assert [first[0].text, first[1].text.splitlines()[0]] == ["一", "组织领导"]
        assert "本项10分，扣完为止" in rows[0].text

    def test_generated_pages_are_listed_in_the_navigation(
        self, browser: webdriver.Chrome, base_url: str
    ) -> None:
        """Every bundled rulebook has a link in the site's rulebook overview."""
        browser.get(f"{base_url}/rulebooks/")
        hrefs = {
            _page(str(a.get_attribute("href")))
            for a in browser.find_elements(By.CSS_SELECTOR, "article a")
        }
        expected = {f"{base_url}/rulebooks/{book}/" for book in bundled_rulebooks()}
        assert expected <= hrefs


class TestChineseSearch:
    @pytest.mark.parametrize("query", ["一票否决", "扣完为止"])
    def test_wujin_clauses_are_found(
        self, browser: webdriver.Chrome, base_url: str, query: str
    ) -> None:
        """A Chinese query for a Wujin clause finds the Wujin 2021 rulebook page."""
        pages = [_page(link) for link in search(browser, base_url, query)]
        assert f"{base_url}/rulebooks/wujin-2021-departments/" in pages

    def test_execution_rate_finds_the_rulebooks_that_score_it(
        self, browser: webdriver.Chrome, base_url: str
    ) -> None:
        """Searching 执行率 finds a rulebook page that scores budget execution first."""
        scoring = {
            book
            for book in bundled_rulebooks()
            if any(isinstance(n, ExecutionRateScore) for _, n in load_rulebook(book).walk())
        }
        if not scoring:
            pytest.skip("no bundled rulebook scores an execution rate")
        pages = [_page(link) for link in search(browser, base_url, "执行率")]
        assert pages, "执行率 found nothing"
        assert pages[0] in {f"{base_url}/rulebooks/{book}/" for book in scoring}

    def test_query_is_not_cut_to_its_first_character(
        self, browser: webdriver.Chrome, base_url: str
    ) -> None:
        """一票否决 is searched as one word: every result page contains the whole word."""
        pages = {_page(link) for link in search(browser, base_url, "一票否决")}
        assert pages
        for page in pages:
            browser.get(page)
            assert "一票否决" in browser.find_element(By.TAG_NAME, "article").text, page
