namespace AcquirerEngine.Domain.Terminals;

/// <summary>A reversal whose original was never seen: recorded, no financial effect (R8).</summary>
public sealed class OrphanReversal
{
    public uint BatchNo { get; set; }

    public uint Stan { get; set; }

    /// <summary>The original's local date, when the terminal named one.</summary>
    public DateOnly? LocalDate { get; set; }

    /// <summary>True once the batch it names closed (only used to tell old batches from a wrapped open one).</summary>
    public bool Settled { get; set; }

    public long Sequence { get; set; }
}
