/* Shanting GI platform — small enhancements; every page works without them.
   No inline scripts or handlers anywhere (the pages are meant to run under a strict
   Content-Security-Policy): everything is wired up here from data attributes. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // The phone menu: a link to #site-nav without JavaScript (CSS :target shows it);
  // with JavaScript a button that opens and closes it in place.
  function menu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) { return; }
    toggle.setAttribute("role", "button");
    function set(open) {
      nav.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var open = !nav.classList.contains("open");
      set(open);
      if (open) { var first = nav.querySelector("a, input"); if (first) { first.focus(); } }
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
    var close = nav.querySelector(".menu-close");
    if (close) {
      close.addEventListener("click", function (event) {
        event.preventDefault(); set(false); toggle.focus();
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) { set(false); toggle.focus(); }
    });
  }

  // Receipts: copy the number and secret, print or save the page.
  function receipts() {
    document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var status = button.parentNode.querySelector(".copy-status");
        function done() { if (status) { status.textContent = button.getAttribute("data-copied"); } }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
        function fallback() {
          var area = document.createElement("textarea");
          area.value = text;
          area.setAttribute("readonly", "");
          area.className = "visually-hidden";
          document.body.appendChild(area);
          area.select();
          try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selectable */ }
          document.body.removeChild(area);
        }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Pictures that open larger: a link to the picture itself, shown in a dialog.
  function lightbox() {
    var links = document.querySelectorAll("a.zoom");
    if (!links.length || typeof HTMLDialogElement === "undefined") { return; }
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    var img = document.createElement("img");
    var bar = document.createElement("p");
    var caption = document.createElement("span");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = document.documentElement.lang === "en" ? "Close" : "关闭";
    bar.appendChild(caption);
    bar.appendChild(close);
    dialog.appendChild(img);
    dialog.appendChild(bar);
    document.body.appendChild(dialog);
    var opener = null;
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) { dialog.close(); } });
    dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        opener = link;
        var thumb = link.querySelector("img");
        img.src = link.href;
        img.alt = thumb ? thumb.alt : "";
        caption.textContent = link.getAttribute("data-caption") || (thumb ? thumb.alt : "");
        dialog.showModal();
        close.focus();
      });
    });
  }

  ready(function () { menu(); receipts(); lightbox(); });
})();
