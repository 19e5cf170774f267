"""Debian's Chromium, headless, driven by Selenium through Debian's chromedriver.

Selenium blocks; the desk under test runs in the test's event loop. Every browser call
therefore goes through ``asyncio.to_thread`` so the loop keeps serving the pages it asks for.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).parents[2] / "var" / "screenshots"


def browser_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists() and shutil.which(Path(path).name) is None:
            return f"{path} is not installed (apt-get install chromium chromium-driver; .ci/run does it)"
    return None


def start_chromium(profile: Path, downloads: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1000", "--lang=fr-FR"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def _replaced(old: Any) -> bool:
    """Whether the page ``old`` was the root of has gone. Chromedriver says so with a stale
    reference, or, when asked while the new page is being built, with an inspector error about
    a node that no longer belongs to the document."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        old.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


class Browser:
    def __init__(self, driver: Any, downloads: Path) -> None:
        self.driver = driver
        self.downloads = downloads

    async def call(self, function: Any, *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    async def open(self, url: str) -> None:
        await self.call(self.driver.get, url)

    async def click(self, css: str, *, navigates: bool = True) -> None:
        """Click, and when it loads a new page wait until the new page has replaced the old one."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        old = await self.call(self.driver.find_element, By.TAG_NAME, "html")
        element = await self.call(self.driver.find_element, By.CSS_SELECTOR, css)
        await self.call(element.click)
        if navigates:
            wait = WebDriverWait(self.driver, 10)
            await self.call(wait.until, lambda d: _replaced(old))
            await self.call(wait.until, lambda d: d.execute_script("return document.readyState") == "complete")

    async def type(self, css: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        element = await self.call(self.driver.find_element, By.CSS_SELECTOR, css)
        await self.call(element.clear)
        await self.call(element.send_keys, text)

    async def choose(self, css: str, value: str) -> None:
        """Pick the option whose value is ``value`` in a select."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.select import Select

        element = await self.call(self.driver.find_element, By.CSS_SELECTOR, css)
        await self.call(Select(element).select_by_value, value)

    async def text(self, css: str = "body") -> str:
        from selenium.webdriver.common.by import By

        element = await self.call(self.driver.find_element, By.CSS_SELECTOR, css)
        return str(await self.call(lambda: element.text))

    async def count(self, css: str) -> int:
        from selenium.webdriver.common.by import By

        return len(await self.call(self.driver.find_elements, By.CSS_SELECTOR, css))

    async def url(self) -> str:
        return str(await self.call(lambda: self.driver.current_url))

    async def screenshot(self, name: str, height: int | None = None) -> Path:
        """A PNG of the whole page (the window grows to the page's height) under var/screenshots/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        full = height or int(await self.call(self.driver.execute_script, "return document.body.scrollHeight"))
        await self.call(self.driver.set_window_size, 1400, min(max(full + 120, 700), 6000))
        path = SCREENSHOTS / f"{name}.png"
        await self.call(self.driver.save_screenshot, str(path))
        await self.call(self.driver.set_window_size, 1400, 1000)
        return path

    async def downloaded(self, name_start: str, timeout: float = 10.0) -> Path:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.downloads.glob(f"{name_start}*") if not p.name.endswith(".crdownload")]
            if found:
                return found[0]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no download starting with {name_start!r} in {list(self.downloads.iterdir())}")
