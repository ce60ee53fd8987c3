namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// One card use held by <see cref="KeptCardUses"/>: linked to the other kept uses of the same card (newest
/// first), so a card's uses are found without looking at anyone else's. Once dropped it stays dropped; the
/// insertion-order and by-time lists forget it lazily.
/// </summary>
internal sealed class KeptCardUse(string cardToken, DateTime localTime)
{
    public string CardToken { get; } = cardToken;

    public DateTime LocalTime { get; } = localTime;

    public bool Dropped { get; set; }

    public KeptCardUse? OlderOfCard { get; set; }

    public KeptCardUse? NewerOfCard { get; set; }
}
