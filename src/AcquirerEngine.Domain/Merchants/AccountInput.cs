namespace AcquirerEngine.Domain.Merchants;

/// <param name="AccountType">The wire enum value (1 corporate, 2 personal, 3 Class II).</param>
public sealed record AccountInput(string? BankCode, string? AccountNumber, int AccountType, bool SameBank);
