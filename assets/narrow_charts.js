/*
 * Charts in a narrow graph (under 576 px wide: any chart on a phone, a small card's chart anywhere).
 *
 * The figures are built on the server, once for every screen. Two of their choices do not fit a phone:
 * - a legend laid out in a row (above or below the plot) wraps onto several rows there, and since the
 *   figure keeps its height, the plot shrank to a strip and the legend ran over it (the decommitment
 *   chart in French: five entries over a 300 px figure);
 * - bars lying along long category labels (objectives, calls): the labels took the whole width and
 *   plotly cut their beginning off ("echerche, le développement tech...").
 * Before plotly draws a figure in a narrow graph, this gives the figure the height its legend's rows
 * take (so the plot keeps the height it was designed with) and shortens the category labels shown on
 * the axis (the tooltip keeps the whole label; the bars, their order and their links are unchanged).
 * A wider graph draws the figure exactly as sent.
 */
(function () {
    "use strict";
    var NARROW = 576; // px: below, a graph is drawn for a phone
    var LABEL_CHARS = 22; // characters of a category label kept on the axis of a phone
    var ROW = 21; // px: one row of a legend in the charts' 14 px font
    var CHAR = 7.6; // px: the average width of a character in that font (an estimate, on the generous side)
    var SWATCH = 46; // px: a legend entry's symbol and gaps

    function shortLabel(text) {
        var s = String(text);
        if (s.length <= LABEL_CHARS) {
            return s;
        }
        // the labels are escaped HTML (&lt;b&gt;): never leave half an entity at the cut
        return s.slice(0, LABEL_CHARS - 1).replace(/&[#a-zA-Z0-9]*$/, "").replace(/\s+$/, "") + "\u2026";
    }

    function wrapped(text, chars) {
        // a legend entry wider than the screen: its words on as many lines as it takes (plotly never wraps one)
        var lines = [];
        String(text).split(" ").forEach(function (word) {
            var last = lines.length - 1;
            if (last >= 0 && (lines[last] + " " + word).length <= chars) {
                lines[last] += " " + word;
            } else {
                lines.push(word);
            }
        });
        return lines;
    }

    function legendRows(data, layout, width) {
        // how many rows the legend takes in ``width`` px, each entry's name wrapped (in place, in ``data``) when
        // it is wider than the screen
        if (layout.showlegend === false) {
            return 0;
        }
        var rows = 0;
        var used = width; // a new row starts at the first entry
        var titles = {};
        var chars = Math.max(8, Math.floor((width - SWATCH) / CHAR));
        data.forEach(function (trace) {
            if (!trace || trace.showlegend === false || trace.name === undefined || trace.name === null) {
                return;
            }
            var title = trace.legendgrouptitle && trace.legendgrouptitle.text;
            if (title && !titles[trace.legendgroup || title]) {
                titles[trace.legendgroup || title] = true;
                rows += 1; // a group's title takes a row of its own
                used = width;
            }
            var name = String(trace.name);
            var length = name.replace(/<[^>]*>/g, "").length;
            if (length > chars && name.indexOf("<") === -1) {
                var lines = wrapped(name, chars);
                trace.name = lines.join("<br>");
                rows += lines.length;
                used = width; // a wrapped entry fills its rows
                return;
            }
            var w = length * CHAR + SWATCH;
            if (used + w > width) {
                rows += 1;
                used = w;
            } else {
                used += w;
            }
        });
        return rows;
    }

    function shortCategories(data, layout) {
        var bars = (data || []).filter(function (trace) {
            return trace && trace.type === "bar" && trace.orientation === "h" && Array.isArray(trace.y);
        });
        if (!bars.length || (layout.yaxis && layout.yaxis.tickmode === "array")) {
            return null;
        }
        var seen = {};
        var values = [];
        bars.forEach(function (trace) {
            trace.y.forEach(function (y) {
                var key = String(y);
                if (!seen[key]) {
                    seen[key] = true;
                    values.push(y);
                }
            });
        });
        var texts = values.map(shortLabel);
        var changed = texts.some(function (text, i) {
            return text !== String(values[i]);
        });
        return changed ? {tickmode: "array", tickvals: values, ticktext: texts} : null;
    }

    function adapt(gd, figure) {
        var width = gd && gd.clientWidth;
        if (!width || width >= NARROW || !figure || !figure.layout) {
            return figure;
        }
        var layout = Object.assign({}, figure.layout);
        var changed = false;
        var ticks = shortCategories(figure.data, layout);
        if (ticks) {
            layout.yaxis = Object.assign({}, layout.yaxis || {}, ticks);
            changed = true;
        }
        var data = figure.data || [];
        var legend = layout.legend || {};
        if (legend.orientation === "h" && layout.height) {
            var margin = layout.margin || {};
            data = data.map(function (trace) {
                return Object.assign({}, trace); // the names may be wrapped: the figure sent stays as it was
            });
            var rows = legendRows(data, layout, width - (margin.l || 0) - (margin.r || 0));
            if (rows > 1) {
                layout.height = layout.height + (rows - 1) * ROW; // the figure was designed with one row
                changed = true;
            }
        }
        return changed ? Object.assign({}, figure, {data: data, layout: layout}) : figure;
    }

    function patch() {
        var plotly = window.Plotly;
        if (!plotly || plotly.__narrowCharts) {
            return Boolean(plotly);
        }
        var react = plotly.react;
        plotly.react = function (gd, figure) {
            var args = Array.prototype.slice.call(arguments);
            if (args.length === 2 && figure && typeof figure === "object" && !Array.isArray(figure)) {
                try {
                    args[1] = adapt(gd, figure);
                } catch (e) {
                    args[1] = figure; // a figure this does not understand is drawn as sent
                }
            }
            return react.apply(this, args);
        };
        plotly.__narrowCharts = true;
        return true;
    }

    if (!patch()) {
        document.addEventListener("DOMContentLoaded", patch);
    }
})();
