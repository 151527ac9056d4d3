// A little JavaScript on a server-rendered page: the 评分 button shows the ranking in
// place (so the chosen files stay selected for the download buttons), and a unit's link
// opens its details. Without JavaScript every form still works as a plain HTML form.
"use strict";

function openFromHash() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const details = id ? document.getElementById(id) : null;
  if (details && details.tagName === "DETAILS") {
    details.open = true;
    details.scrollIntoView();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("score-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      if (event.submitter && event.submitter.id !== "score-button") {
        return; // a download: the browser posts the form and saves the file
      }
      event.preventDefault();
      const target = document.getElementById("result");
      target.textContent = "正在评分…";
      try {
        const response = await fetch(form.action + "?fragment=1", {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "text/html" },
          credentials: "same-origin",
        });
        target.innerHTML = await response.text();
      } catch (error) {
        target.textContent = "无法连接评分服务：" + error;
      }
      target.scrollIntoView();
    });
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.open-unit");
    if (!link) {
      return;
    }
    const details = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (details) {
      details.open = true;
    }
  });
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
});
