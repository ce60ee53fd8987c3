namespace AcquirerEngine.Domain.Terminals;

/// <summary>A session opened. <see cref="SessionNo"/> counts sign-ons (1, 2, ...) and names the record.</summary>
public sealed record TerminalSignedOn(string MerchantId, string TerminalId, uint SessionNo, uint BatchNo)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.SignOn(MerchantId, TerminalId, SessionNo);
}
