namespace AcquirerEngine.Grains.Bank;

/// <summary>The payload of a <see cref="BankJournal.ReturnedKind"/> record, read back for replay.</summary>
internal sealed record BankReturnEntry(CreditRequest Request, BankCreditResult Result);
