/* The Data page's drop zone: each workbook dropped or chosen in the dcc.Upload zone is sent to
 * POST /data/upload as multipart form data, with its progress, instead of going through a callback
 * as base64 (a 60 MB workbook does not belong in a JSON body). The answers (a job id, or the
 * server's message in the page's language) go into the page's store of uploads; the server
 * validates each job in the background and the page follows it (callbacks/data.py, ui/uploads.py).
 * The listeners run in the capture phase, before the zone's own, and stop the event there. */
(function () {
    "use strict";

    var ZONE = "data-upload";
    var jobs = [];
    var zoneSeen = null;

    function setProps(id, props) {
        if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(id, props);
        }
    }

    function texts() {
        var el = document.getElementById("data-upload-texts");
        return {
            sending: (el && el.getAttribute("data-sending")) || "{file}: {pct}%",
            sent: (el && el.getAttribute("data-sent")) || "{file}",
            failed: (el && el.getAttribute("data-failed")) || "{file}",
            lang: (el && el.getAttribute("data-lang")) || document.documentElement.lang || "fr"
        };
    }

    function fill(text, file, pct) {
        return text.replace("{file}", file).replace("{pct}", String(pct));
    }

    // the CSRF cookie's name is the one Dash's renderer reads (its config: "__Host-csrf_token" behind HTTPS)
    function csrfCookieName() {
        var el = document.getElementById("_dash-config");
        try {
            return (el && JSON.parse(el.textContent).csrf_token_name) || "_csrf_token";
        } catch (e) {
            return "_csrf_token";
        }
    }

    function csrfToken() {
        var name = csrfCookieName() + "=";
        var parts = document.cookie.split(";");
        for (var i = 0; i < parts.length; i += 1) {
            var part = parts[i].replace(/^\s+/, "");
            if (part.indexOf(name) === 0) { return decodeURIComponent(part.slice(name.length)); }
        }
        return null;
    }

    function zoneOf(target) {
        return target && target.closest ? target.closest("#" + ZONE) : null;
    }

    function publish(entry) {
        var zone = document.getElementById(ZONE);
        if (zone !== zoneSeen) { jobs = []; zoneSeen = zone; }  // a new visit of the page: a new list
        jobs = jobs.concat([entry]);
        setProps("data-upload-jobs", { data: jobs });
    }

    function send(file) {
        var t = texts();
        var xhr = new XMLHttpRequest();
        xhr.open("POST", "/data/upload?lang=" + encodeURIComponent(t.lang));
        var token = csrfToken();
        if (token) { xhr.setRequestHeader("X-CSRFToken", token); }
        setProps("data-upload-bar", { value: "0", hidden: false });
        setProps("data-upload-sent", { children: fill(t.sending, file.name, 0) });
        xhr.upload.onprogress = function (e) {
            if (!e.lengthComputable) { return; }
            var pct = Math.floor((e.loaded / e.total) * 100);
            setProps("data-upload-bar", { value: String(pct) });
            setProps("data-upload-sent", { children: fill(t.sending, file.name, pct) });
        };
        xhr.onload = function () {
            var body = {};
            try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
            setProps("data-upload-bar", { value: "100", hidden: true });
            if (xhr.status === 202 && body.job) {
                setProps("data-upload-sent", { children: fill(t.sent, file.name, 100) });
                publish({ job: body.job, file: file.name });
            } else {
                setProps("data-upload-sent", { children: "" });
                publish({ file: file.name, error: body.error || fill(t.failed, file.name, 0) });
            }
        };
        xhr.onerror = function () {
            setProps("data-upload-bar", { hidden: true });
            setProps("data-upload-sent", { children: fill(t.failed, file.name, 0) });
            publish({ file: file.name, error: fill(t.failed, file.name, 0) });
        };
        var form = new FormData();
        form.append("file", file, file.name);
        xhr.send(form);
    }

    function take(files) {
        for (var i = 0; i < files.length; i++) { send(files[i]); }
    }

    window.addEventListener("change", function (e) {
        if (!zoneOf(e.target) || !e.target.files || !e.target.files.length) { return; }
        e.stopImmediatePropagation();
        take(e.target.files);
        e.target.value = "";  // the same file chosen again is sent again
    }, true);

    // by keyboard: the zone's file field has the focus (its outline is the zone's); Enter or Space opens the
    // file chooser (a file field answers Space only, and not in every browser)
    window.addEventListener("keydown", function (e) {
        var zone = zoneOf(e.target);
        if (!zone || (e.key !== "Enter" && e.key !== " ")) { return; }
        var input = zone.querySelector("input[type=file]");
        if (!input) { return; }
        e.preventDefault();
        e.stopImmediatePropagation();
        input.click();
    }, true);

    window.addEventListener("drop", function (e) {
        var zone = zoneOf(e.target);
        if (!zone || !e.dataTransfer || !e.dataTransfer.files.length) { return; }
        e.preventDefault();
        e.stopImmediatePropagation();
        zone.classList.remove("upload-zone-active");
        take(e.dataTransfer.files);
    }, true);

    // the zone's file field takes the keyboard focus: it is named by the zone's own words (a screen reader
    // says what it is for; dcc.Upload gives its field no label)
    function nameField() {
        var zone = document.getElementById(ZONE);
        var input = zone && zone.querySelector("input[type=file]");
        if (input && !input.getAttribute("aria-label")) {
            input.setAttribute("aria-label", zone.innerText.replace(/\s+/g, " ").trim());
        }
    }
    new MutationObserver(nameField).observe(document.documentElement, {childList: true, subtree: true});
})();
