namespace AcquirerEngine.Domain.Ledger;

/// <summary>One payout instruction and its life on the bank channel.</summary>
public sealed class LedgerPayout
{
    public string PayoutId { get; set; } = "";

    public DateOnly RunDate { get; set; }

    /// <summary>The calendar day the payout left for the account (the run's real day); null in records from before it was kept: <see cref="RunDate"/>.</summary>
    public DateOnly? InboundDay { get; set; }

    public long AmountMinor { get; set; }

    public AccountType AccountType { get; set; }

    public AccountDestination Destination { get; set; }

    public PayoutStatus Status { get; set; }

    public List<PayoutAllocation> Allocations { get; set; } = [];

    public DateTime InstructedAt { get; set; }

    public string? Channel { get; set; }

    public string? QueueReason { get; set; }

    public DateTime? QueuedAt { get; set; }

    public string? TraceId { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? CreditedAt { get; set; }

    public string? ReturnReason { get; set; }

    public DateTime? ReturnedAt { get; set; }

    /// <summary>Returned parts of a split payout (R4 split within caps); the other parts go on.</summary>
    public List<PayoutPartReturn> PartReturns { get; set; } = [];
}
