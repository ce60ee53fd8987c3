namespace AcquirerEngine.LoadTests.Reports;

/// <summary>One line of a chart: its legend name and its (x, y) points.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
