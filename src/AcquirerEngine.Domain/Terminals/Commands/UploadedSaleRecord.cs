namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// One sale as the terminal holds it in a 0320 upload: the body of its original SaleRequest. The batch,
/// merchant and terminal are the upload's own (the validator checks each record agrees).
/// </summary>
/// <param name="Currency">ISO 4217 alphabetic code, kept as text because the record is journaled.</param>
public sealed record UploadedSaleRecord(
    uint Stan,
    long AmountMinor,
    string Currency,
    CardType CardType,
    string CardToken,
    DateTime LocalTime)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(LocalTime);
}
