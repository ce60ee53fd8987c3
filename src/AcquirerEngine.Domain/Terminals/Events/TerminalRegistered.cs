namespace AcquirerEngine.Domain.Terminals;

/// <summary>The terminal now belongs to the merchant; only then may it sign on.</summary>
public sealed record TerminalRegistered(string MerchantId, string TerminalId)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Registration(MerchantId, TerminalId);
}
