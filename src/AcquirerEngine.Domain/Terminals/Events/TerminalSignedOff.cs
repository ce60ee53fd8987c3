namespace AcquirerEngine.Domain.Terminals;

/// <summary>The session <see cref="SessionNo"/> closed while <see cref="BatchNo"/> was open.</summary>
public sealed record TerminalSignedOff(string MerchantId, string TerminalId, uint SessionNo, uint BatchNo)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.SignOff(MerchantId, TerminalId, SessionNo);
}
