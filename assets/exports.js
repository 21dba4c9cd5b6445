/* Exports: the "Export to Excel" buttons (busy state while the server builds the workbook, the
 * server's translated message when it refuses) and the chart images (the title and the as-of line
 * written onto the PNG). Progressive: without this script the buttons are plain download links and
 * the image button still gives a 1600 px PNG with the right file name. See ui/downloads.py. */
(function () {
    "use strict";

    var XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    function fileName(response, fallback) {
        var header = response.headers.get("Content-Disposition") || "";
        var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
        if (star) {
            try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ }
        }
        var plain = /filename="?([^";]+)"?/i.exec(header);
        return plain ? plain[1] : fallback;
    }

    function download(link) {
        if (link.getAttribute("aria-busy") === "true") { return; }
        var status = link.parentElement && link.parentElement.querySelector(".export-status");
        link.setAttribute("aria-busy", "true");
        link.classList.add("is-busy");
        if (status) {
            status.textContent = link.getAttribute("data-busy-label") || "";
            status.classList.remove("is-error");
        }
        fetch(link.href, { headers: { Accept: XLSX + ", application/json" }, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) {
                    return response.json().catch(function () { return {}; }).then(function (body) {
                        throw new Error(body.message || String(response.status));
                    });
                }
                return response.blob().then(function (blob) {
                    var url = URL.createObjectURL(blob);
                    var a = document.createElement("a");
                    a.href = url;
                    a.download = fileName(response, "export.xlsx");
                    document.body.appendChild(a);
                    a.click();
                    a.remove();
                    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
                    if (status) { status.textContent = ""; }
                });
            })
            .catch(function (error) {
                if (status) {
                    status.textContent = error.message;
                    status.classList.add("is-error");
                }
            })
            .then(function () {
                link.removeAttribute("aria-busy");
                link.classList.remove("is-busy");
            });
    }

    document.addEventListener("click", function (ev) {
        var link = ev.target && ev.target.closest ? ev.target.closest("a.export-button") : null;
        if (!link || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) { return; }
        ev.preventDefault();
        download(link);
    });

    function escapeText(text) {
        return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    /* The figure the image button draws: the chart, white, at the image size, with a title and the as-of line. */
    function imageFigure(gd) {
        var opts = (gd._context && gd._context.toImageButtonOptions) || {};
        var meta = (gd.layout && gd.layout.meta) || {};
        var width = opts.width || 1600;
        var height = opts.height || 900;
        var margin = Object.assign({ l: 10, r: 10, t: 30, b: 10 }, gd.layout.margin || {});
        var font = Object.assign({}, gd.layout.font || {});
        font.size = Math.round((font.size || 14) * 1.3);
        var layout = Object.assign({}, gd.layout, {
            width: width,
            height: height,
            paper_bgcolor: "#FFFFFF",
            plot_bgcolor: "#FFFFFF",
            font: font,
            margin: {
                l: Math.max(margin.l || 0, 40),
                r: Math.max(margin.r || 0, 40),
                b: Math.max(margin.b || 0, 40),
                t: (margin.t || 0) + 130,
                pad: margin.pad || 0
            },
            title: {
                text: "<b>" + escapeText(meta.image_title) + "</b><br><span style=\"font-size:20px\">" +
                    escapeText(meta.image_subtitle) + "</span>",
                x: 0.02, xanchor: "left", xref: "container",
                y: 0.97, yanchor: "top", yref: "container",
                font: { size: 30, color: "#1C4E9C" }
            }
        });
        return {
            data: gd.data,
            layout: layout,
            options: { format: "png", filename: opts.filename || "chart", width: width, height: height, scale: 1 }
        };
    }

    window.erdfChartImage = { figure: imageFigure };

    /* The camera (plotly's first modebar button) of a chart that carries an image title: draw our figure. */
    document.addEventListener("click", function (ev) {
        var btn = ev.target && ev.target.closest ? ev.target.closest(".modebar-btn") : null;
        if (!btn) { return; }
        var gd = btn.closest(".js-plotly-plot");
        if (!gd || !gd.layout || !gd.layout.meta || !gd.layout.meta.image_title || !window.Plotly) { return; }
        if (btn !== gd.querySelector(".modebar-btn")) { return; }
        ev.preventDefault();
        ev.stopImmediatePropagation();
        var fig = imageFigure(gd);
        window.Plotly.downloadImage({ data: fig.data, layout: fig.layout }, fig.options);
    }, true);
}());
