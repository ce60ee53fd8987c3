namespace AcquirerEngine.Domain.Risk;

/// <summary>The facts of one sale the risk rules look at.</summary>
public sealed record RiskSale(
    string MerchantId,
    string TransactionId,
    long AmountMinor,
    string CardToken,
    DateTime LocalTime);
