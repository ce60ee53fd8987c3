namespace AcquirerEngine.Domain.Terminals;

/// <summary>The answer printed on the terminal; stored with the sale so a retry gets it byte for byte.</summary>
/// <param name="Rrn">Given to declines as well, so a declined attempt can be traced.</param>
/// <param name="ApprovalCode">Only for approvals.</param>
public sealed record SaleReply(
    SaleDisposition Disposition,
    string Rrn,
    string? ApprovalCode,
    SaleDeclineReason DeclineReason,
    string? DeclineReasonText)
{
    public static SaleReply From(TerminalSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return new SaleReply(sale.Disposition, sale.Rrn, sale.ApprovalCode, sale.DeclineReason, sale.DeclineReasonText);
    }
}
