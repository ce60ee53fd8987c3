namespace AcquirerEngine.Domain.Terminals;

/// <summary>One refund as the projection holds it: its own identity and body, the original it returns money from, and its reply.</summary>
public sealed class TerminalRefund
{
    private string _currency = "";

    public uint BatchNo { get; set; }

    public uint Stan { get; set; }

    public DateOnly LocalDate { get; set; }

    public DateTime LocalTime { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>
    /// The original's currency: a refund returns money in the currency it was taken in. Held as the currency table's
    /// shared string (<see cref="Money.Iso4217.SharedText"/>).
    /// </summary>
    public string Currency
    {
        get => _currency;
        set => _currency = Money.Iso4217.SharedText(value);
    }

    public CardType CardType { get; set; }

    public uint OriginalBatchNo { get; set; }

    public uint OriginalStan { get; set; }

    public DateOnly OriginalLocalDate { get; set; }

    public string Rrn { get; set; } = "";

    /// <summary>The remaining refundable amount as first answered; a retry gets exactly this back.</summary>
    public long RefundableRemainingMinor { get; set; }

    /// <summary>True once the refund's batch closed.</summary>
    public bool Settled { get; set; }

    public long Sequence { get; set; }
}
