using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// One credit on a beneficiary account, as the bank's statement shows it (the other side of the books).
/// <paramref name="ValueDate"/>: the working day the credit counts for, as the rail dated it (null when it did not).
/// </summary>
public sealed record StatementLine(
    string PayoutId,
    string BankCode,
    string AccountNumber,
    long AmountMinor,
    string TraceId,
    ChannelKind Channel,
    DateTimeOffset CreditedAtUtc,
    DateOnly? ValueDate = null);
