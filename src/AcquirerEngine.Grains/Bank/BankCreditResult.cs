namespace AcquirerEngine.Grains.Bank;

/// <summary>The bank's answer to a <see cref="CreditRequest"/>.</summary>
public sealed record BankCreditResult(BankCreditOutcome Outcome, string? TraceId, string? Reason)
{
    public static BankCreditResult TimedOut { get; } = new(BankCreditOutcome.TimedOut, null, "no reply from the bank");

    public static BankCreditResult Credited(string traceId) => new(BankCreditOutcome.Credited, traceId, null);

    public static BankCreditResult Returned(string reason) => new(BankCreditOutcome.Returned, null, reason);
}
