namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A provisional value date was recomputed with the calendar loaded since: pending money is due from
/// <see cref="NewValueDate"/>. Moves no money (R11 untouched). <see cref="Provisional"/> stays true while the
/// calendar still lacks a year the date depends on, so a later load revises it again.
/// </summary>
/// <param name="RevisionNo">1 for the first revision of the transaction: names the journal record.</param>
public sealed record ValueDateRevised(
    string MerchantId,
    string TransactionId,
    int RevisionNo,
    DateOnly OldValueDate,
    DateOnly NewValueDate,
    bool Provisional,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.ValueDateRevision(MerchantId, TransactionId, RevisionNo);
}
