"""The assessors' page in a real headless Chromium (Debian's chromium, as the docs test).

The service runs on uvicorn in a thread on a free loopback port. The browser picks the
Wujin rulebook, downloads the form, uploads the filled evidence, sees the ranking with
grades, opens a unit's 失分原因 and 整改清单 (the smallest set marked), and downloads the
result workbook.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from assessment_rules.io import read_evidence
from assessment_rules.web import ServiceSettings, create_app

from ..docs.test_browser import FLAGS, _browser_binaries, _install_chromium
from .conftest import WUJIN
from .test_serve_command import free_port, wait_for

pytest.importorskip("selenium", reason="selenium is in the test extra")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is in the serve extra")

import os  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


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
def base_url() -> Iterator[str]:
    """The service on uvicorn, in a thread, for the module's tests."""
    port = free_port()
    config = uvicorn.Config(
        create_app(ServiceSettings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/healthz")
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(
    binaries: tuple[str, str], downloads: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[webdriver.Chrome]:
    chromium, driver = binaries
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.set_page_load_timeout(60)
    chrome.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield chrome
    finally:
        chrome.quit()


def downloaded(folder: Path, suffix: str, seconds: float = 60) -> Path:
    """The file with *suffix* that arrives in *folder*, once it is complete."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size]
        if found and not list(folder.glob("*.crdownload")):
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded in {folder}: {list(folder.iterdir())}")


def open_rulebook(browser: webdriver.Chrome, base_url: str) -> None:
    browser.get(f"{base_url}/")
    browser.find_element(By.CSS_SELECTOR, 'a[href$="/rulebooks/wujin-2021-departments"]').click()
    WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "score-form"))


class TestAssessorPage:
    def test_download_the_form(
        self, browser: webdriver.Chrome, base_url: str, downloads: Path
    ) -> None:
        """Picking the rulebook and pressing 下载填报表 saves an xlsx form with its 证据 sheet."""
        open_rulebook(browser, base_url)
        assert (
            "部门（单位）安全生产目标任务考核细则" in browser.find_element(By.TAG_NAME, "h1").text
        )
        browser.find_element(By.ID, "template-button").click()
        form = downloaded(downloads, "-form.xlsx")
        assert "证据" in openpyxl.load_workbook(form).sheetnames

    def test_upload_see_the_ranking_and_open_a_unit(
        self, browser: webdriver.Chrome, base_url: str
    ) -> None:
        """Uploading the evidence shows every unit ranked with its grade; a unit opens."""
        open_rulebook(browser, base_url)
        browser.find_element(By.ID, "evidence").send_keys(str(WUJIN))
        browser.find_element(By.ID, "score-button").click()
        rows = WebDriverWait(browser, 60).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
        )
        units = read_evidence(WUJIN)
        assert len(rows) == len(units)
        assert rows[0].find_elements(By.TAG_NAME, "td")[0].text == "1"
        assert rows[0].find_elements(By.TAG_NAME, "td")[3].text in (
            "优秀",
            "良好",
            "合格",
            "不合格",
        )
        capped = browser.find_element(By.CSS_SELECTOR, '#ranking tr[data-unit="capped"] a')
        name = capped.text
        capped.click()
        details = WebDriverWait(browser, 30).until(
            lambda b: b.find_element(By.CSS_SELECTOR, 'details[data-unit="capped"][open]')
        )
        text = details.text
        assert name in text
        for heading in ("失分原因", "整改清单", "评分台账"):
            assert heading in text
        assert "扣" in details.find_element(By.CSS_SELECTOR, ".reasons li").text
        assert details.find_elements(By.CSS_SELECTOR, ".fixes tbody tr")
        assert details.find_element(By.CSS_SELECTOR, ".next").text == "已是最高等次"
        # A unit below the top grade: the smallest set, marked (figures: tests/unit).
        browser.find_element(By.CSS_SELECTOR, '#ranking tr[data-unit="starred"] a').click()
        starred = WebDriverWait(browser, 30).until(
            lambda b: b.find_element(By.CSS_SELECTOR, 'details[data-unit="starred"][open]')
        )
        assert starred.find_element(By.CSS_SELECTOR, ".next").text.startswith(
            "距优秀还差7分：整改下表中标“须整改”的2条即可达到优秀"
        )
        assert len(starred.find_elements(By.CSS_SELECTOR, ".fixes tr.chosen")) == 2

    def test_download_the_result_workbook(
        self, browser: webdriver.Chrome, base_url: str, downloads: Path
    ) -> None:
        """After scoring, 下载结果工作簿 saves the ranking and each unit's sheet."""
        open_rulebook(browser, base_url)
        browser.find_element(By.ID, "evidence").send_keys(str(WUJIN))
        browser.find_element(By.ID, "score-button").click()
        WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.ID, "ranking"))
        browser.find_element(By.ID, "download-xlsx").click()
        workbook = openpyxl.load_workbook(downloaded(downloads, "-result.xlsx"))
        assert workbook.sheetnames[:2] == ["排名", "图表"]
        assert len(workbook.sheetnames) == 2 + len(read_evidence(WUJIN))

    def test_bad_evidence_shows_every_problem(
        self, browser: webdriver.Chrome, base_url: str, tmp_path: Path
    ) -> None:
        """A file with mistakes shows a table naming the file, unit and fact of each."""
        bad = tmp_path / "有误.yaml"
        bad.write_text(WUJIN.read_text("utf-8").replace("leader_checks: 5", "leader_checks: 五"))
        open_rulebook(browser, base_url)
        browser.find_element(By.ID, "evidence").send_keys(str(bad))
        browser.find_element(By.ID, "score-button").click()
        table = WebDriverWait(browser, 60).until(
            lambda b: b.find_element(By.CSS_SELECTOR, "#result .problem-list")
        )
        assert "有误.yaml" in table.text
        assert "leader_checks" in table.text
