namespace AcquirerEngine.Grains.Bank;

/// <summary>The payload of a <see cref="BankJournal.LostKind"/> record: the request was lost before the bank acted.</summary>
public sealed record BankLostAttempt(string PayoutId, int Attempt);
