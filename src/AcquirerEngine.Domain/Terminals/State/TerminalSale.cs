namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// One sale as the terminal's projection holds it: the request body, the answer given, and what happened
/// to it since. A plain data bag so <see cref="TerminalState"/> round-trips through System.Text.Json.
/// </summary>
public sealed class TerminalSale
{
    private string? _rrn = "";
    private string _currency = "";

    public uint BatchNo { get; set; }

    public uint Stan { get; set; }

    public DateOnly LocalDate { get; set; }

    public DateTime LocalTime { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>Held as the currency table's shared string (<see cref="Money.Iso4217.SharedText"/>): one per state, not one per sale.</summary>
    public string Currency
    {
        get => _currency;
        set => _currency = Money.Iso4217.SharedText(value);
    }

    public CardType CardType { get; set; }

    /// <summary>Kept to compare the body of a retry (R7). A token, never a PAN: validation refuses PANs.</summary>
    public string CardToken { get; set; } = "";

    /// <summary>Approved or Declined as first answered; then Voided or Reversed.</summary>
    public TransactionStatus Status { get; set; }

    /// <summary>The answer first given: a retry with the same body gets exactly this back.</summary>
    public SaleDisposition Disposition { get; set; }

    /// <summary>
    /// The RRN answered. Almost always the one <see cref="RetrievalReferenceNumber.From"/> derives from this sale's
    /// local time and STAN (the decider made it so), and then it is not kept but derived again on each read: 48 bytes
    /// less per sale held. Any other text (a declined sale's empty RRN, a journal from other rules) is kept as given.
    /// </summary>
    public string Rrn
    {
        get => _rrn ?? RetrievalReferenceNumber.From(LocalTime, Stan);
        set => _rrn = value is not null && IsDerivedRrn(value) ? null : value;
    }

    public string? ApprovalCode { get; set; }

    public SaleDeclineReason DeclineReason { get; set; }

    public string? DeclineReasonText { get; set; }

    public uint? VoidStan { get; set; }

    public string? VoidRrn { get; set; }

    /// <summary>Sum of the refunds made against this sale; never above <see cref="AmountMinor"/>.</summary>
    public long RefundedMinor { get; set; }

    /// <summary>
    /// True once the sale's batch closed: from then on only refunds apply (R6). Kept per sale rather than
    /// derived from the batch number because batch numbers wrap after 999999.
    /// </summary>
    public bool Settled { get; set; }

    /// <summary>
    /// True when <paramref name="rrn"/> is what this sale's local time and STAN derive. They are set before it (the
    /// projection's initializer and a snapshot's JSON both give them first, and nothing changes them later); were they
    /// set after it, the RRN would not match and would simply be kept.
    /// </summary>
    private bool IsDerivedRrn(string rrn) => RetrievalReferenceNumber.IsDerived(rrn, LocalTime, Stan);

    /// <summary>Order of arrival in the journal (1, 2, ...): breaks ties when a key omits the local date.</summary>
    public long Sequence { get; set; }
}
