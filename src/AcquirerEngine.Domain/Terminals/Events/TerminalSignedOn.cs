namespace AcquirerEngine.Domain.Terminals;

/// <summary>A session opened. <see cref="SessionNo"/> counts sign-ons (1, 2, ...) and names the record.</summary>
/// <param name="HostLocalTime">
/// When the host accepted the sign-on, if the caller passed its clock. Null in journals written before batch
/// settlement existed; a missing value is read back as null, so those journals replay unchanged.
/// </param>
public sealed record TerminalSignedOn(string MerchantId, string TerminalId, uint SessionNo, uint BatchNo, DateTime? HostLocalTime = null)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.SignOn(MerchantId, TerminalId, SessionNo);
}
