using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>An approved sale as the test remembers it: the command (to retry it) and what the terminal said since.</summary>
public sealed class ModelSale(SaleCommand command, string transactionId)
{
    public SaleCommand Command { get; } = command;

    public string TransactionId { get; } = transactionId;

    public OriginalSaleKey Key => new(Command.MerchantId, Command.TerminalId, Command.BatchNo, Command.Stan, Command.LocalDate);

    /// <summary>Voided or reversed by the terminal.</summary>
    public bool Cancelled { get; set; }

    /// <summary>Refunded by the terminal so far.</summary>
    public long RefundedMinor { get; set; }

    public long RefundableMinor => Cancelled ? 0 : Command.AmountMinor - RefundedMinor;
}
