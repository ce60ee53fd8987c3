namespace AcquirerEngine.Grains.Bank;

/// <summary>The bank's answer to a <see cref="CreditRequest"/>.</summary>
public sealed record BankCreditResult(BankCreditOutcome Outcome, string? TraceId, string? Reason)
{
    /// <summary>When a <see cref="BankCreditOutcome.Pending"/> credit lands on the account; null for every other outcome.</summary>
    public DateTimeOffset? LandsAtUtc { get; init; }

    public static BankCreditResult TimedOut { get; } = new(BankCreditOutcome.TimedOut, null, "no reply from the bank");

    public static BankCreditResult Credited(string traceId) => new(BankCreditOutcome.Credited, traceId, null);

    public static BankCreditResult Pending(string traceId, DateTimeOffset landsAtUtc) =>
        new(BankCreditOutcome.Pending, traceId, null) { LandsAtUtc = landsAtUtc };

    public static BankCreditResult Returned(string reason) => new(BankCreditOutcome.Returned, null, reason);
}
