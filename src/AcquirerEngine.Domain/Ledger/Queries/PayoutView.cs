namespace AcquirerEngine.Domain.Ledger;

/// <summary>A payout instruction and where it is on the bank channel.</summary>
public sealed record PayoutView(
    string PayoutId,
    string MerchantId,
    DateOnly RunDate,
    long AmountMinor,
    AccountType AccountType,
    AccountDestination Destination,
    PayoutStatus Status,
    string? Channel,
    string? QueueReason,
    string? TraceId,
    string? ReturnReason,
    IReadOnlyList<PayoutAllocation> Allocations);
