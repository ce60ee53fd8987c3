namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// One sale as the terminal's projection holds it: the request body, the answer given, and what happened
/// to it since. A plain data bag so <see cref="TerminalState"/> round-trips through System.Text.Json.
/// </summary>
public sealed class TerminalSale
{
    public uint BatchNo { get; set; }

    public uint Stan { get; set; }

    public DateOnly LocalDate { get; set; }

    public DateTime LocalTime { get; set; }

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "";

    public CardType CardType { get; set; }

    /// <summary>Kept to compare the body of a retry (R7). A token, never a PAN: validation refuses PANs.</summary>
    public string CardToken { get; set; } = "";

    /// <summary>Approved or Declined as first answered; then Voided or Reversed.</summary>
    public TransactionStatus Status { get; set; }

    /// <summary>The answer first given: a retry with the same body gets exactly this back.</summary>
    public SaleDisposition Disposition { get; set; }

    public string Rrn { get; set; } = "";

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

    /// <summary>Order of arrival in the journal (1, 2, ...): breaks ties when a key omits the local date.</summary>
    public long Sequence { get; set; }
}
