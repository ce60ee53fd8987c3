using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// A Sale request as it arrived, field for field with the wire SaleRequest, nothing checked yet.
/// <see cref="CardType"/> is the wire enum's number cast to <see cref="Terminals.CardType"/>; any value may arrive.
/// </summary>
public sealed record SaleRequestInput(
    string? MerchantId,
    string? TerminalId,
    uint BatchNo,
    uint Stan,
    long AmountMinor,
    string? Currency,
    CardType CardType,
    string? CardToken,
    string? LocalTime);
