namespace AcquirerEngine.Domain.Merchants;

public sealed record OnboardMerchantCommand(string MerchantId, string Name);
