namespace AcquirerEngine.Benchmarks.History;

/// <summary>The per-sale costs measured after <see cref="PriorSales"/> sales on one merchant and one terminal.</summary>
public sealed record HistoryPoint
{
    public required int PriorSales { get; init; }

    /// <summary>Pure domain: one capture's risk evaluation and its record into the profile (median round), nanoseconds.</summary>
    public required double RiskNanosPerCapture { get; init; }

    /// <summary>Pure domain: one sale decided and applied on the terminal, then its batch's age asked (median round), nanoseconds.</summary>
    public required double TerminalNanosPerSale { get; init; }

    /// <summary>Through the grains: process CPU (all threads) per sale, terminal and merchant turns included, microseconds.</summary>
    public required double SaleCpuMicros { get; init; }

    public required double SaleWallMicros { get; init; }

    /// <summary>Through the grains: process CPU per void (the terminal's turn and the merchant's cancel), microseconds.</summary>
    public required double VoidCpuMicros { get; init; }

    public required double VoidWallMicros { get; init; }

    /// <summary>State bytes the terminal wrote per void turn (whole-state writes; appends count 0, periodic snapshots in full).</summary>
    public required double TerminalStateBytesPerVoid { get; init; }
}
