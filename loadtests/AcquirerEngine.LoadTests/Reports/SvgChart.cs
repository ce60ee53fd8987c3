using System.Globalization;
using System.Net;
using System.Text;

namespace AcquirerEngine.LoadTests.Reports;

/// <summary>Inline SVG line and bar charts: self-contained, no scripts, readable in any browser.</summary>
public static class SvgChart
{
    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 60;
    private const int Bottom = 30;
    private const int Top = 10;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Lines(string title, string yUnit, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var c = CultureInfo.InvariantCulture;
        var all = series.SelectMany(s => s.Points).ToList();
        var maxX = all.Count == 0 ? 1 : Math.Max(1, all.Max(p => p.X));
        var maxY = all.Count == 0 ? 1 : Math.Max(1e-9, all.Max(p => p.Y)) * 1.1;
        var plotW = Width - Left - 10;
        var plotH = Height - Top - Bottom;
        var svg = new StringBuilder();
        svg.Append(c, $"<figure><figcaption>{Html(title)}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height + 16 + (series.Count * 16)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(c, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + plotH - (plotH * i / 4.0);
            svg.Append(c, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Left + plotW}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>");
            svg.Append(c, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{maxY * i / 4:0.##}</text>");
        }

        svg.Append(c, $"<text x=\"{Left + plotW}\" y=\"{Height - 8}\" text-anchor=\"end\">{maxX:0} s</text><text x=\"{Left}\" y=\"{Height - 8}\">0</text>");
        svg.Append(c, $"<text x=\"4\" y=\"{Top + 10}\">{Html(yUnit)}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            var points = string.Join(' ', series[s].Points.Select(p =>
                string.Create(c, $"{Left + (plotW * p.X / maxX):0.#},{Top + plotH - (plotH * p.Y / maxY):0.#}")));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{points}\"/>");
            var legendY = Height + 16 + (s * 16);
            svg.Append(c, $"<rect x=\"{Left}\" y=\"{legendY - 9}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{Left + 14}\" y=\"{legendY}\">{Html(series[s].Name)}</text>");
        }

        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    public static string Bars(string title, IReadOnlyList<(string Label, long Value, bool Good)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var c = CultureInfo.InvariantCulture;
        var max = bars.Count == 0 ? 1 : Math.Max(1, bars.Max(b => b.Value));
        var rowHeight = 20;
        var svg = new StringBuilder();
        svg.Append(c, $"<figure><figcaption>{Html(title)}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{(bars.Count * rowHeight) + 10}\" font-family=\"sans-serif\" font-size=\"11\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, good) = bars[i];
            var w = (Width - 330) * value / (double)max;
            var y = 5 + (i * rowHeight);
            svg.Append(c, $"<text x=\"230\" y=\"{y + 13}\" text-anchor=\"end\">{Html(label)}</text>");
            svg.Append(c, $"<rect x=\"236\" y=\"{y}\" width=\"{Math.Max(1, w):0.#}\" height=\"15\" fill=\"{(good ? "#2ca02c" : "#d62728")}\"/>");
            svg.Append(c, $"<text x=\"{240 + w:0.#}\" y=\"{y + 13}\">{value}</text>");
        }

        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    public static string Html(string text) => WebUtility.HtmlEncode(text);
}
