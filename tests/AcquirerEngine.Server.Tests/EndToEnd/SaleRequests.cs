using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>A CNY sale on the end-to-end tests' terminal; each test names only what it is about.</summary>
public static class SaleRequests
{
    public const string TerminalId = "T0000001";

    public static SaleRequest For(
        string merchantId,
        uint batchNo,
        uint stan,
        long amountMinor,
        string localTime,
        CardType cardType = CardType.Credit,
        string? cardToken = null) => new()
    {
        MerchantId = merchantId,
        TerminalId = TerminalId,
        BatchNo = batchNo,
        Stan = stan,
        AmountMinor = amountMinor,
        Currency = "CNY",
        CardType = cardType,
        CardToken = cardToken ?? $"tok_{merchantId}_{stan}",
        LocalTime = localTime,
    };
}
