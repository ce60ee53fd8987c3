using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Bank;

/// <summary>One credit on a beneficiary account, as the bank's statement shows it (the other side of the books).</summary>
public sealed record StatementLine(
    string PayoutId,
    string BankCode,
    string AccountNumber,
    long AmountMinor,
    string TraceId,
    ChannelKind Channel,
    DateTimeOffset CreditedAtUtc);
