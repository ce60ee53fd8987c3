namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>One benchmark's outcome: the figures (serialized as one JSON line) and its correctness verdict.</summary>
public interface IBenchmarkResult
{
    string Benchmark { get; }

    /// <summary>True when every correctness check held (never about speed).</summary>
    bool Passed { get; }

    /// <summary>The checks that did not hold, in words (at most a few examples each).</summary>
    IReadOnlyList<string> Failures { get; }

    /// <summary>The figures a person reads first, in one line.</summary>
    string HumanLine();
}
