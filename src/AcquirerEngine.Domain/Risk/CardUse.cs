namespace AcquirerEngine.Domain.Risk;

/// <summary>One recent use of a card token at the merchant (kept only inside the retention window).</summary>
public sealed class CardUse
{
    public string CardToken { get; set; } = "";

    public DateTime LocalTime { get; set; }
}
